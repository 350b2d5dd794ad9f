import { SEVERITIES, type Severity } from '../platform/platform-vocabulary';
import type { ExceptionRecord } from '../ingest/ingest-schemas';
import { bucketOf, mergeInto, quantile, totalCount, type Histogram } from '../telemetry/latency-histogram';
import { localDayOf } from './sla-periods';

/**
 * SLA accounting rules, pure (no I/O):
 *
 * - An exception is **open** while its status is OPEN, IN_PROGRESS or ESCALATED; RESOLVED and
 *   CLOSED end it. Its resolution instant is `resolved_at`, or — when a terminal report carries none —
 *   the time Opsdeck first saw it terminal.
 * - **Met**: resolved at or before its `sla_deadline`; counted on the tenant-local day of resolution.
 * - **Breached**: not resolved by its deadline. It counts once, on the tenant-local day of the
 *   deadline — whether it is resolved late or is still open when the deadline passes (the sweeper
 *   records it then). An exception therefore counts in compliance once its outcome is known: at
 *   resolution when met, at the deadline when breached.
 * - Time to resolution (`resolution − created_at`) goes into a per-severity histogram on the day
 *   of resolution, met or not.
 */

export const OPEN_STATUSES: ReadonlySet<ExceptionRecord['status']> = new Set([
  'OPEN',
  'IN_PROGRESS',
  'ESCALATED',
]);
export const isOpenStatus = (status: ExceptionRecord['status']): boolean => OPEN_STATUSES.has(status);

/** The sweeper's progress with one open exception. */
export type SweepStage = 'pending' | 'imminent' | 'expired';

/** Percent of the SLA window after which the sweeper emits SLAImminent (and the at-risk default). */
export const DEFAULT_IMMINENT_PERCENT = 80;

/** Attribute names of the daily aggregate; all are numbers changed with atomic ADD. */
export const aggregateAttribute = {
  met: (severity: Severity) => `met#${severity}`,
  breached: (severity: Severity) => `breached#${severity}`,
  resolved: (severity: Severity) => `resolved#${severity}`,
  resolutionSumMs: (severity: Severity) => `rt_sum_ms#${severity}`,
  resolutionBucket: (severity: Severity, bucket: string) => `rt#${severity}#${bucket}`,
};

/** Increments to daily aggregates, by tenant-local day, then attribute. */
export type AggregateIncrements = Map<string, Record<string, number>>;

const addIncrement = (increments: AggregateIncrements, day: string, attribute: string, by: number) => {
  const counters = increments.get(day) ?? {};
  counters[attribute] = (counters[attribute] ?? 0) + by;
  increments.set(day, counters);
};

/** When the SLAImminent event is due: `percent` of the way from creation to the deadline. */
export function imminentAt(createdAt: string, deadline: string, percent = DEFAULT_IMMINENT_PERCENT): string {
  const created = Date.parse(createdAt);
  const due = Date.parse(deadline);
  if (due <= created) return new Date(due).toISOString();
  return new Date(created + Math.floor(((due - created) * percent) / 100)).toISOString();
}

export interface ResolutionOutcome {
  resolvedAt: string;
  met: boolean;
  resolutionMs: number;
  /** Increments for the met count and the resolution-time histogram (breaches are counted apart). */
  increments: AggregateIncrements;
  /** The tenant-local day a breach counts on (the deadline's), when not met. */
  breachDay: string | null;
}

/** What resolving an exception adds to the aggregates, in the tenant's zone. */
export function resolutionOutcome(
  exception: { severity: Severity; created_at: string; sla_deadline: string; resolved_at?: string },
  zone: string,
  seenAt: string,
): ResolutionOutcome {
  const resolvedAt = exception.resolved_at ?? seenAt;
  const met = Date.parse(resolvedAt) <= Date.parse(exception.sla_deadline);
  const resolutionMs = Math.max(0, Date.parse(resolvedAt) - Date.parse(exception.created_at));
  const day = localDayOf(resolvedAt, zone);
  const increments: AggregateIncrements = new Map();
  const severity = exception.severity;
  if (met) addIncrement(increments, day, aggregateAttribute.met(severity), 1);
  addIncrement(increments, day, aggregateAttribute.resolved(severity), 1);
  addIncrement(increments, day, aggregateAttribute.resolutionSumMs(severity), resolutionMs);
  addIncrement(increments, day, aggregateAttribute.resolutionBucket(severity, bucketOf(resolutionMs)), 1);
  return {
    resolvedAt,
    met,
    resolutionMs,
    increments,
    breachDay: met ? null : localDayOf(exception.sla_deadline, zone),
  };
}

/** Adds a breach (or, with −1, withdraws one) on the breach day's `breached#<severity>`. */
export function withBreach(
  increments: AggregateIncrements,
  day: string,
  severity: Severity,
  by = 1,
): AggregateIncrements {
  addIncrement(increments, day, aggregateAttribute.breached(severity), by);
  return increments;
}

/** What the sweeper should emit for an open exception now, if anything. */
export function sweepAction(
  tracker: { stage: SweepStage; imminent_at: string; sla_deadline: string },
  now: Date,
): 'SLAImminent' | 'SLAExpired' | null {
  if (tracker.stage === 'expired') return null;
  // An exception first seen after its deadline goes straight to SLAExpired (no late SLAImminent).
  if (now.getTime() >= Date.parse(tracker.sla_deadline)) return 'SLAExpired';
  if (tracker.stage === 'pending' && now.getTime() >= Date.parse(tracker.imminent_at)) return 'SLAImminent';
  return null;
}

/** Per-severity totals read from daily aggregates. */
export interface SeverityTotals {
  met: number;
  breached: number;
  resolved: number;
  resolutionSumMs: number;
  histogram: Histogram;
}

export const emptyTotals = (): SeverityTotals => ({
  met: 0,
  breached: 0,
  resolved: 0,
  resolutionSumMs: 0,
  histogram: {},
});

/** Folds daily aggregate items into per-severity totals. */
export function totalsBySeverity(days: readonly Record<string, unknown>[]): Record<Severity, SeverityTotals> {
  const totals = Object.fromEntries(SEVERITIES.map((severity) => [severity, emptyTotals()])) as Record<
    Severity,
    SeverityTotals
  >;
  for (const day of days) {
    for (const [name, value] of Object.entries(day)) {
      if (typeof value !== 'number') continue;
      const [kind, severity, bucket] = name.split('#') as [string, Severity | undefined, string | undefined];
      if (!severity || !(severity in totals)) continue;
      const target = totals[severity];
      if (kind === 'met') target.met += value;
      else if (kind === 'breached') target.breached += value;
      else if (kind === 'resolved') target.resolved += value;
      else if (kind === 'rt_sum_ms') target.resolutionSumMs += value;
      else if (kind === 'rt' && bucket !== undefined) mergeInto(target.histogram, { [bucket]: value });
    }
  }
  return totals;
}

/** Met and breached over all severities. */
export function complianceOf(totals: Record<Severity, SeverityTotals>) {
  const met = SEVERITIES.reduce((sum, severity) => sum + totals[severity].met, 0);
  const breached = SEVERITIES.reduce((sum, severity) => sum + totals[severity].breached, 0);
  return { met, breached, total: met + breached, compliance_rate: complianceRate(met, breached) };
}

/** Percent met, rounded to two decimals; null when nothing was decided. */
export function complianceRate(met: number, breached: number): number | null {
  const total = met + breached;
  return total === 0 ? null : Math.round((met / total) * 10_000) / 100;
}

/** Average and p50/p90 (from the histogram, within 1%) of one severity's resolution times, in ms. */
export function resolutionStats(totals: SeverityTotals) {
  const count = totalCount(totals.histogram);
  return {
    count: totals.resolved,
    average_ms: totals.resolved === 0 ? null : Math.round(totals.resolutionSumMs / totals.resolved),
    p50_ms: count === 0 ? null : Math.round(quantile(totals.histogram, 0.5)!),
    p90_ms: count === 0 ? null : Math.round(quantile(totals.histogram, 0.9)!),
  };
}

/** One open exception seen against its SLA window now. */
export function assessOpenException(
  open: { created_at: string; sla_deadline: string },
  now: Date,
  typicalResolutionMs: number | null,
) {
  const created = Date.parse(open.created_at);
  const deadline = Date.parse(open.sla_deadline);
  const windowMs = deadline - created;
  const elapsedMs = now.getTime() - created;
  const percentElapsed = windowMs <= 0 ? 100 : Math.max(0, Math.round((elapsedMs / windowMs) * 10_000) / 100);
  const remainingMs = deadline - now.getTime();
  // Predicted to breach: already past the deadline, or the tenant's typical (median) resolution
  // time for this severity, counted from creation, ends after the deadline.
  const predictedBreach =
    remainingMs < 0 ? true : typicalResolutionMs === null ? null : created + typicalResolutionMs > deadline;
  return {
    percent_elapsed: percentElapsed,
    time_remaining_ms: remainingMs,
    predicted_breach: predictedBreach,
  };
}
