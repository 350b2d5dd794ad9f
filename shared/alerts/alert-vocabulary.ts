/** Alerting's words: plain values (no zod), shared with the console. */

export const ALERT_TYPES = [
  'SLA_BREACH',
  'SLA_IMMINENT',
  'DLQ_GROWTH',
  'WORKER_UNHEALTHY',
  'ERROR_RATE_HIGH',
  'THROUGHPUT_LOW',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_STATUSES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Weekdays as quiet hours name them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * What each alert type measures: its threshold units with their bounds, the defaults a rule gets
 * when it names none, its default evaluation window, and who may own such a rule. The API checks
 * rules against it (rule-thresholds.ts) and the console's rule form reads it.
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
