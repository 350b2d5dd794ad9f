import { ValidationError } from '../errors/typed-errors';
import type { MetricRange } from './ops-workers-vocabulary';
import type { Granularity } from '../telemetry/processing-aggregation';

/**
 * The time window of a metrics read (pure): a named range ending now, or `from`/`to`, turned
 * into a granularity of the aggregates, a step and the bucket starts of the series.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RANGE_MS: Record<MetricRange, number> = { '5m': 5 * MINUTE, '1h': HOUR, '24h': DAY, '7d': 7 * DAY };
/** How long the aggregates of each granularity are kept (see the aggregate repository). */
export const RETENTION_MS: Record<Exclude<Granularity, 'day'>, number> = { minute: 8 * DAY, hour: 100 * DAY };
/** Spans up to this long are charted per minute; longer ones per hour. */
const MINUTE_STEP_MAX_SPAN = 6 * HOUR;
const STEP_MS: Record<Exclude<Granularity, 'day'>, number> = { minute: MINUTE, hour: HOUR };

export interface MetricWindow {
  range: MetricRange | null;
  from: Date;
  to: Date;
  granularity: 'minute' | 'hour';
  stepSeconds: number;
  /** Start of every bucket of the series, UTC ISO-8601, oldest first. */
  bucketStarts: string[];
}

const invalid = (path: string, message: string) =>
  new ValidationError(`The query is not valid: query.${path} ${message}`, {
    errors: [{ path: `query.${path}`, message }],
  });

const floorTo = (ms: number, stepMs: number) => Math.floor(ms / stepMs) * stepMs;

/**
 * Resolves `range` (default 1h) or `from`/`to` (to defaults to now) into a window. 400 for both
 * at once, `from` not before `to`, or a start older than the aggregates are kept.
 */
export function resolveMetricWindow(
  query: { range?: MetricRange; from?: string; to?: string },
  now: Date,
): MetricWindow {
  if (query.range !== undefined && (query.from !== undefined || query.to !== undefined)) {
    throw invalid('range', 'cannot be combined with from/to');
  }
  if (query.to !== undefined && query.from === undefined) throw invalid('from', 'is required with to');
  const range = query.from === undefined ? (query.range ?? '1h') : null;
  const to = range === null && query.to !== undefined ? new Date(query.to) : now;
  const from = range === null ? new Date(query.from!) : new Date(now.getTime() - RANGE_MS[range]);
  if (!(from.getTime() < to.getTime())) throw invalid('from', 'must be before to');
  const span = to.getTime() - from.getTime();
  const age = now.getTime() - from.getTime();
  let granularity: 'minute' | 'hour' =
    range === '5m' || range === '1h' || (range === null && span <= MINUTE_STEP_MAX_SPAN) ? 'minute' : 'hour';
  // Minutes are kept 8 days: an older short window is charted from the hourly aggregates.
  if (granularity === 'minute' && age > RETENTION_MS.minute) granularity = 'hour';
  if (age > RETENTION_MS.hour) {
    throw invalid('from', `is beyond the retention of the aggregates (${RETENTION_MS.hour / DAY} days)`);
  }
  const stepMs = STEP_MS[granularity];
  const bucketStarts: string[] = [];
  for (let start = floorTo(from.getTime(), stepMs); start < to.getTime(); start += stepMs) {
    bucketStarts.push(new Date(start).toISOString());
  }
  return { range, from, to, granularity, stepSeconds: stepMs / 1000, bucketStarts };
}
