import type { AlertType } from './alert-contract';

/**
 * What each alert type measures (pure): its threshold units with their bounds, the defaults a rule
 * gets when it names none, its default evaluation window, and who may own such a rule.
 */

export interface ThresholdUnitSpec {
  /** Inclusive bounds of threshold_value in this unit. */
  min: number;
  max: number;
  integer: boolean;
  /** What the value means, for error messages and the docs. */
  meaning: string;
}

export interface AlertTypeSpec {
  units: Record<string, ThresholdUnitSpec>;
  defaultThreshold: { value: number; unit: string };
  /** Default window_minutes (the span the measure is taken over); null when the type has none. */
  defaultWindowMinutes: number | null;
  /** Longest window_minutes (the aggregate types read one minute bucket per minute of it). */
  maxWindowMinutes: number;
  /** Platform-scope rules (owner `platform`) may use this type. */
  platformScope: boolean;
  /** Rules may narrow this type to one worker type. */
  workerTypeScope: boolean;
}

export const ALERT_TYPE_SPECS: Record<AlertType, AlertTypeSpec> = {
  SLA_BREACH: {
    units: {
      count: { min: 1, max: 100_000, integer: true, meaning: 'breaches with a deadline inside the window' },
    },
    defaultThreshold: { value: 1, unit: 'count' },
    defaultWindowMinutes: 60,
    maxWindowMinutes: 1440,
    platformScope: false,
    workerTypeScope: false,
  },
  SLA_IMMINENT: {
    units: {
      percent_of_window: {
        min: 1,
        max: 99,
        integer: false,
        meaning: 'share of an open exception’s SLA window (creation to deadline) that has elapsed',
      },
    },
    defaultThreshold: { value: 80, unit: 'percent_of_window' },
    defaultWindowMinutes: null,
    maxWindowMinutes: 0,
    platformScope: false,
    workerTypeScope: false,
  },
  DLQ_GROWTH: {
    units: {
      entries: {
        min: 1,
        max: 10_000_000,
        integer: true,
        meaning: 'DLQ entries pending (not retried or discarded)',
      },
      entries_per_day: {
        min: 1,
        max: 10_000_000,
        integer: true,
        meaning: 'DLQ entries received during the current UTC day',
      },
    },
    defaultThreshold: { value: 100, unit: 'entries' },
    defaultWindowMinutes: null,
    maxWindowMinutes: 0,
    platformScope: false,
    workerTypeScope: false,
  },
  WORKER_UNHEALTHY: {
    units: {
      consecutive_failures: {
        min: 1,
        max: 1000,
        integer: true,
        meaning: 'consecutive failed liveness probes of one worker instance',
      },
    },
    defaultThreshold: { value: 3, unit: 'consecutive_failures' },
    defaultWindowMinutes: null,
    maxWindowMinutes: 0,
    platformScope: true,
    workerTypeScope: true,
  },
  ERROR_RATE_HIGH: {
    units: {
      percent: {
        min: 0.01,
        max: 100,
        integer: false,
        meaning: 'failed attempts in % of all attempts in the window',
      },
    },
    defaultThreshold: { value: 5, unit: 'percent' },
    defaultWindowMinutes: 5,
    maxWindowMinutes: 60,
    platformScope: true,
    workerTypeScope: true,
  },
  THROUGHPUT_LOW: {
    units: {
      percent_drop: {
        min: 1,
        max: 100,
        integer: false,
        meaning: 'drop of the event rate in the window below the trailing baseline rate, in %',
      },
    },
    defaultThreshold: { value: 50, unit: 'percent_drop' },
    defaultWindowMinutes: 5,
    maxWindowMinutes: 60,
    platformScope: true,
    workerTypeScope: true,
  },
};

export type ThresholdProblem = { path: string; message: string };

/**
 * Fills in a rule's threshold defaults for its type and checks value and unit against the type's
 * units. Returns the resolved threshold, or the problems (paths relative to the body).
 */
export function resolveThreshold(
  alertType: AlertType,
  input: { threshold_value?: number; threshold_unit?: string; window_minutes?: number | null },
):
  | { ok: true; value: number; unit: string; windowMinutes: number | null }
  | { ok: false; problems: ThresholdProblem[] } {
  const spec = ALERT_TYPE_SPECS[alertType];
  const problems: ThresholdProblem[] = [];
  const unit = input.threshold_unit ?? spec.defaultThreshold.unit;
  const unitSpec = spec.units[unit];
  if (!unitSpec) {
    problems.push({
      path: 'threshold_unit',
      message: `must be one of ${Object.keys(spec.units).join(', ')} for ${alertType}`,
    });
  }
  const value =
    input.threshold_value ?? (unit === spec.defaultThreshold.unit ? spec.defaultThreshold.value : undefined);
  if (value === undefined) {
    problems.push({ path: 'threshold_value', message: `is required with threshold_unit ${unit}` });
  } else if (unitSpec) {
    if (value < unitSpec.min || value > unitSpec.max) {
      problems.push({
        path: 'threshold_value',
        message: `must be between ${unitSpec.min} and ${unitSpec.max} ${unit} (${unitSpec.meaning})`,
      });
    } else if (unitSpec.integer && !Number.isInteger(value)) {
      problems.push({ path: 'threshold_value', message: `must be a whole number of ${unit}` });
    }
  }
  let windowMinutes: number | null = spec.defaultWindowMinutes;
  if (input.window_minutes !== undefined && input.window_minutes !== null) {
    if (spec.defaultWindowMinutes === null) {
      problems.push({ path: 'window_minutes', message: `is not used by ${alertType}` });
    } else if (input.window_minutes > spec.maxWindowMinutes) {
      problems.push({
        path: 'window_minutes',
        message: `must be at most ${spec.maxWindowMinutes} for ${alertType}`,
      });
    } else {
      windowMinutes = input.window_minutes;
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: value!, unit, windowMinutes };
}
