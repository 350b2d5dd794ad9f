import pLimit from 'p-limit';
import { SEVERITIES, type Severity } from '../config-resources/config-resource-schemas';
import { NotFoundError, ValidationError } from '../http/errors';
import { requireRole, resolveTenantScope, type Principal } from '../identity/principal';
import type { Page } from '../pagination/cursor';
import { mergeInto } from '../telemetry/latency-histogram';
import { findTenant } from '../tenants/tenant-repository';
import {
  assessOpenException,
  complianceOf,
  emptyTotals,
  resolutionStats,
  sweepAction,
  totalsBySeverity,
  withBreach,
  type SeverityTotals,
} from './sla-accounting';
import {
  bucketsBefore,
  bucketsBetween,
  defaultComplianceFrom,
  localDayOf,
  localDaysBefore,
  resolveRange,
  RESOLUTION_WINDOW_DAYS,
  type PeriodBucket,
} from './sla-periods';
import {
  emitExpired,
  emitImminent,
  listBreaches,
  listDueTrackers,
  listOpenTrackers,
  readDailyAggregates,
  SWEEP_SHARDS,
  type SlaBreach,
} from './sla-repository';
import type {
  AtRisk,
  AtRiskQuery,
  BreachesQuery,
  Compliance,
  ComplianceQuery,
  ResolutionTime,
  ResolutionTimeQuery,
} from './sla-schemas';

/** Open exceptions examined by one at-risk read (a tenant's open backlog, soonest deadline first). */
const MAX_OPEN_EXAMINED = 5000;
/** Local days of resolution history behind the predicted-breach flag. */
const PREDICTION_WINDOW_DAYS = 7;

/** Authorises an SLA read (operator or above, own tenant only) and finds the tenant's time zone. */
async function slaScope(principal: Principal, requested: string | undefined) {
  requireRole(principal, 'operator');
  const tenantId = resolveTenantScope(principal, requested);
  if (tenantId === null) {
    throw new ValidationError('Platform principals must name a tenant_id for SLA reports.', {
      errors: [{ path: 'query.tenant_id', message: 'is required for platform principals' }],
    });
  }
  const tenant = await findTenant(tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  return { tenantId, zone: tenant.time_zone };
}

const daysOf = (buckets: readonly PeriodBucket[]) => buckets.flatMap((bucket) => bucket.days);

/** Daily aggregates of the given local days, keyed by day. */
async function aggregatesByDay(tenantId: string, days: readonly string[]) {
  if (days.length === 0) return new Map<string, Record<string, unknown>>();
  const items = await readDailyAggregates(tenantId, days[0]!, days.at(-1)!);
  return new Map(items.map((item) => [item.sk as string, item]));
}

const countsOf = (byDay: Map<string, Record<string, unknown>>, days: readonly string[]) =>
  complianceOf(totalsBySeverity(days.flatMap((day) => (byDay.has(day) ? [byDay.get(day)!] : []))));

/** `GET /ops/sla/compliance`: percent met per day, ISO week or month in the tenant's zone, with the period before. */
export async function getCompliance(
  principal: Principal,
  query: ComplianceQuery,
  now = new Date(),
): Promise<Compliance> {
  const { tenantId, zone } = await slaScope(principal, query.tenant_id);
  const range = resolveRange(query, now, (to) => defaultComplianceFrom(to, query.period, zone));
  const current = bucketsBetween(range.from, range.to, query.period, zone);
  const previous = bucketsBefore(current[0]!.start, current.length, query.period, zone);
  const byDay = await aggregatesByDay(tenantId, daysOf([...previous, ...current]));
  const all = [...previous, ...current].map((bucket) => ({ bucket, counts: countsOf(byDay, bucket.days) }));
  const currentRows = all.slice(previous.length);
  const summary = countsOf(byDay, daysOf(current));
  const previousSummary = countsOf(byDay, daysOf(previous));
  return {
    tenant_id: tenantId,
    time_zone: zone,
    period: query.period,
    from: range.from,
    to: range.to,
    buckets: currentRows.map(({ bucket, counts }, index) => ({
      label: bucket.label,
      start: bucket.start,
      end: bucket.end,
      ...counts,
      previous_compliance_rate: all[previous.length + index - 1]?.counts.compliance_rate ?? null,
    })),
    summary,
    previous: { from: previous[0]!.start, to: previous.at(-1)!.end, ...previousSummary },
    change_points:
      summary.compliance_rate === null || previousSummary.compliance_rate === null
        ? null
        : Math.round((summary.compliance_rate - previousSummary.compliance_rate) * 100) / 100,
  };
}

/** `GET /ops/sla/breaches`: a tenant's breaches by deadline, oldest first. */
export async function getBreaches(
  principal: Principal,
  query: BreachesQuery,
  now = new Date(),
): Promise<Page<SlaBreach>> {
  const { tenantId } = await slaScope(principal, query.tenant_id);
  const range = resolveRange(query, now, (to) => new Date(Date.parse(to) - 30 * 86_400_000).toISOString());
  return listBreaches(tenantId, {
    ...range,
    severity: query.severity,
    cursor: query.cursor,
    limit: query.limit,
  });
}

/** The tenant's median resolution time per severity over recent local days, or null without data. */
async function typicalResolutionTimes(tenantId: string, zone: string, now: Date) {
  const lastDay = localDayOf(now, zone);
  const firstDay = localDaysBefore(lastDay, PREDICTION_WINDOW_DAYS - 1);
  const totals = totalsBySeverity(await readDailyAggregates(tenantId, firstDay, lastDay));
  return Object.fromEntries(
    SEVERITIES.map((severity) => [severity, resolutionStats(totals[severity]).p50_ms]),
  ) as Record<Severity, number | null>;
}

/** `GET /ops/sla/at-risk`: open exceptions at least `threshold` percent through their SLA window. */
export async function getAtRisk(principal: Principal, query: AtRiskQuery, now = new Date()): Promise<AtRisk> {
  const { tenantId, zone } = await slaScope(principal, query.tenant_id);
  const [open, typical] = await Promise.all([
    listOpenTrackers(tenantId, MAX_OPEN_EXAMINED + 1),
    typicalResolutionTimes(tenantId, zone, now),
  ]);
  const items = open
    .slice(0, MAX_OPEN_EXAMINED)
    .map((tracker) => ({
      exception_id: tracker.exception_id,
      type: tracker.type,
      severity: tracker.severity,
      created_at: tracker.created_at,
      sla_deadline: tracker.sla_deadline,
      ...assessOpenException(tracker, now, typical[tracker.severity]),
    }))
    .filter((item) => item.percent_elapsed >= query.threshold)
    .slice(0, query.limit);
  return {
    tenant_id: tenantId,
    threshold: query.threshold,
    as_of: now.toISOString(),
    items,
    truncated: open.length > MAX_OPEN_EXAMINED,
  };
}

/** `GET /ops/sla/resolution-time`: average and p50/p90 time to resolution per severity. */
export async function getResolutionTime(
  principal: Principal,
  query: ResolutionTimeQuery,
  now = new Date(),
): Promise<ResolutionTime> {
  const { tenantId, zone } = await slaScope(principal, query.tenant_id);
  const lastDay = localDayOf(now, zone);
  const firstDay = localDaysBefore(lastDay, RESOLUTION_WINDOW_DAYS[query.period] - 1);
  const totals = totalsBySeverity(await readDailyAggregates(tenantId, firstDay, lastDay));
  const overall: SeverityTotals = emptyTotals();
  for (const severity of SEVERITIES) {
    overall.resolved += totals[severity].resolved;
    overall.resolutionSumMs += totals[severity].resolutionSumMs;
    mergeInto(overall.histogram, totals[severity].histogram);
  }
  return {
    tenant_id: tenantId,
    time_zone: zone,
    period: query.period,
    first_day: firstDay,
    last_day: lastDay,
    by_severity: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, resolutionStats(totals[severity])]),
    ) as ResolutionTime['by_severity'],
    overall: resolutionStats(overall),
  };
}

/** Trackers processed per shard in one run; the rest wait for the next minute. */
const MAX_SWEEP_PER_SHARD = 2000;
const SWEEP_CONCURRENCY = 16;

/**
 * The SLA sweeper: finds open exceptions whose next SLA event is due (the sweeper index) and emits
 * SLAImminent or SLAExpired for each, exactly once — every emission is a transaction conditional
 * on the tracker's stage, so concurrent or repeated runs cannot emit twice. SLAExpired also
 * records the breach and counts it on the deadline's local day.
 */
export async function sweepSlaDeadlines(now = new Date()) {
  const emitted: { tenant_id: string; exception_id: string; event_type: 'SLAImminent' | 'SLAExpired' }[] = [];
  let skipped = 0;
  const zones = new Map<string, Promise<string>>();
  const zoneOf = (tenantId: string) => {
    let zone = zones.get(tenantId);
    if (!zone) {
      zone = findTenant(tenantId).then((tenant) => tenant?.time_zone ?? 'UTC');
      zones.set(tenantId, zone);
    }
    return zone;
  };
  const limit = pLimit(SWEEP_CONCURRENCY);
  for (let shard = 0; shard < SWEEP_SHARDS; shard++) {
    const due = await listDueTrackers(shard, now, MAX_SWEEP_PER_SHARD);
    await limit.map(due, async (tracker) => {
      const action = sweepAction(tracker, now);
      let done = false;
      if (action === 'SLAImminent') done = await emitImminent(tracker, now);
      else if (action === 'SLAExpired') {
        const day = localDayOf(tracker.sla_deadline, await zoneOf(tracker.tenant_id));
        done = await emitExpired(tracker, withBreach(new Map(), day, tracker.severity), now);
      }
      if (done && action)
        emitted.push({
          tenant_id: tracker.tenant_id,
          exception_id: tracker.exception_id,
          event_type: action,
        });
      else skipped += 1;
    });
  }
  return { emitted, skipped };
}
