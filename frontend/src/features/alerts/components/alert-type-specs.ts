import type { AlertType } from '../../../types/ops';

/**
 * What each alert type measures, mirrored from `shared/alerts/rule-thresholds.ts` for the rule
 * form (units, defaults, whether a window or a worker type applies). The API checks again.
 */
export interface TypeSpec {
  units: { unit: string; label: string; min: number; max: number; integer: boolean }[];
  defaultValue: number;
  defaultWindowMinutes: number | null;
  platformScope: boolean;
  workerTypeScope: boolean;
}

export const ALERT_TYPE_SPECS: Record<AlertType, TypeSpec> = {
  SLA_BREACH: {
    units: [{ unit: 'count', label: 'breaches in the window', min: 1, max: 100_000, integer: true }],
    defaultValue: 1,
    defaultWindowMinutes: 60,
    platformScope: false,
    workerTypeScope: false,
  },
  SLA_IMMINENT: {
    units: [
      { unit: 'percent_of_window', label: '% of the SLA window elapsed', min: 1, max: 99, integer: false },
    ],
    defaultValue: 80,
    defaultWindowMinutes: null,
    platformScope: false,
    workerTypeScope: false,
  },
  DLQ_GROWTH: {
    units: [
      { unit: 'entries', label: 'pending entries', min: 1, max: 10_000_000, integer: true },
      { unit: 'entries_per_day', label: 'entries received today', min: 1, max: 10_000_000, integer: true },
    ],
    defaultValue: 100,
    defaultWindowMinutes: null,
    platformScope: false,
    workerTypeScope: false,
  },
  WORKER_UNHEALTHY: {
    units: [
      { unit: 'consecutive_failures', label: 'failed probes in a row', min: 1, max: 1000, integer: true },
    ],
    defaultValue: 3,
    defaultWindowMinutes: null,
    platformScope: true,
    workerTypeScope: true,
  },
  ERROR_RATE_HIGH: {
    units: [{ unit: 'percent', label: '% of attempts failed', min: 0.01, max: 100, integer: false }],
    defaultValue: 5,
    defaultWindowMinutes: 5,
    platformScope: true,
    workerTypeScope: true,
  },
  THROUGHPUT_LOW: {
    units: [{ unit: 'percent_drop', label: '% drop below the baseline', min: 1, max: 100, integer: false }],
    defaultValue: 50,
    defaultWindowMinutes: 5,
    platformScope: true,
    workerTypeScope: true,
  },
};

/** "3 failed probes in a row", as the rules table shows a threshold. */
export function describeThreshold(type: AlertType, value: number, unit: string): string {
  const label = ALERT_TYPE_SPECS[type]?.units.find((candidate) => candidate.unit === unit)?.label ?? unit;
  return `${value} ${label}`;
}
