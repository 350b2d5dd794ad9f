import { ConfigurationError, integerEnv } from '../settings/env';

/**
 * Alert evaluation and history settings, read once at cold start; a bad value fails the start
 * naming the variable.
 *
 * - `OPSDECK_ALERT_CONCURRENCY` (default 32): owners evaluated at once in one cycle.
 * - `OPSDECK_ALERT_MIN_EVENTS` (default 20): ERROR_RATE_HIGH needs this many attempts in its
 *   window, THROUGHPUT_LOW this many events in its baseline, before either may fire (no alert
 *   from 1 failure out of 2 attempts).
 * - `OPSDECK_ALERT_BASELINE_HOURS` (default 1): THROUGHPUT_LOW's baseline is the average rate of
 *   this many complete UTC hours before the hour in which the window starts (a trailing average,
 *   read from the hourly aggregates).
 * - `OPSDECK_ALERT_HEALTH_MAX_AGE_SECONDS` (default 300): instance health checked longer ago than
 *   this is too old to fire WORKER_UNHEALTHY (a stopped poller does not keep alerts firing).
 * - `OPSDECK_ALERT_IMMINENT_SCAN` (default 500): SLA_IMMINENT reads at most this many open
 *   exceptions per tenant, soonest deadline first.
 * - `OPSDECK_ALERT_HISTORY_DAYS` (default 90): alert history items expire this long after they
 *   resolve (TTL).
 */
function atLeastOne(name: string, fallback: number): number {
  const value = integerEnv(name, fallback);
  if (value < 1) throw new ConfigurationError(`${name} must be at least 1`);
  return value;
}

export const alertSettings = {
  concurrency: atLeastOne('OPSDECK_ALERT_CONCURRENCY', 32),
  minEvents: atLeastOne('OPSDECK_ALERT_MIN_EVENTS', 20),
  baselineHours: atLeastOne('OPSDECK_ALERT_BASELINE_HOURS', 1),
  healthMaxAgeSeconds: atLeastOne('OPSDECK_ALERT_HEALTH_MAX_AGE_SECONDS', 300),
  imminentScan: atLeastOne('OPSDECK_ALERT_IMMINENT_SCAN', 500),
  historyDays: atLeastOne('OPSDECK_ALERT_HISTORY_DAYS', 90),
} as const;

export type AlertSettings = typeof alertSettings;

/** The longest window a history list or statistics read spans. */
export const ALERT_HISTORY_MAX_WINDOW_DAYS = 93;
