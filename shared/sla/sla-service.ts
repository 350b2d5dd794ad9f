import pLimit from 'p-limit';
import { SEVERITIES, type Severity } from '../platform/platform-vocabulary';
import { NotFoundError } from '../errors/typed-errors';
import { requireRole, resolveTenantScope, type Principal } from '../access/principal';
import type { Page } from '../pagination/cursor';
import { mergeInto } from '../telemetry/latency-histogram';
import { findTenant, listTenants } from '../tenants/tenant-repository';
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

/** Reads over every tenant run this many tenants at once. */
const TENANT_CONCURRENCY = 8;

/** Every tenant's id and time zone (platform principals' all-tenants reports). */
async function allTenants(): Promise<{ tenantId: string; zone: string }[]> {
  const tenants: { tenantId: string; zone: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTenants({ cursor, limit: 100 });
    tenants.push(...page.items.map((tenant) => ({ tenantId: tenant.tenant_id, zone: tenant.time_zone })));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return tenants;
}

/**
 * Authorises an SLA read (operator or above, own tenant only) and finds the tenant's time zone.
 * A platform principal that names no tenant reads every tenant's (`tenantId` null): buckets are
 * then UTC calendar days, weeks and months, and each tenant's local days count on their date.
 */
async function slaScope(principal: Principal, requested: string | undefined) {
  requireRole(principal, 'operator');
  const tenantId = resolveTenantScope(principal, requested);
  if (tenantId === null) return { tenantId: null, zone: 'UTC' };
  const tenant = await findTenant(tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  return { tenantId, zone: tenant.time_zone };
}

const daysOf = (buckets: readonly PeriodBucket[]) => buckets.flatMap((bucket) => bucket.days);

/** Daily aggregates of one tenant (or of every tenant, when null) between two local days, by day. */
async function aggregatesByDay(tenantId: string | null, firstDay: string, lastDay: string) {
  const byDay = new Map<string, Record<string, unknown>[]>();
  const tenantIds = tenantId === null ? (await allTenants()).map((tenant) => tenant.tenantId) : [tenantId];
  const limit = pLimit(TENANT_CONCURRENCY);
  const perTenant = await limit.map(tenantIds, (id) => readDailyAggregates(id, firstDay, lastDay));
  for (const item of perTenant.flat()) {
    const day = item.sk as string;
    byDay.set(day, [...(byDay.get(day) ?? []), item]);
  }
  return byDay;
}

const countsOf = (byDay: Map<string, Record<string, unknown>[]>, days: readonly string[]) =>
  complianceOf(totalsBySeverity(days.flatMap((day) => byDay.get(day) ?? [])));

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
  const days = daysOf([...previous, ...current]);
  const byDay = days.length === 0 ? new Map() : await aggregatesByDay(tenantId, days[0]!, days.at(-1)!);
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

/** `GET /ops/sla/breaches`: a tenant's (or every tenant's) breaches by deadline, oldest first. */
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

/** One tenant's open exceptions (at most `max`), assessed against its own recent resolution times. */
async function assessTenantBacklog(tenantId: string, zone: string, now: Date, max: number) {
  const [open, typical] = await Promise.all([
    listOpenTrackers(tenantId, max + 1),
    typicalResolutionTimes(tenantId, zone, now),
  ]);
  const items = open.slice(0, max).map((tracker) => ({
    tenant_id: tracker.tenant_id,
    exception_id: tracker.exception_id,
    type: tracker.type,
    severity: tracker.severity,
    created_at: tracker.created_at,
    sla_deadline: tracker.sla_deadline,
    ...assessOpenException(tracker, now, typical[tracker.severity]),
  }));
  return { items, truncated: open.length > max };
}

/**
 * `GET /ops/sla/at-risk`: open exceptions at least `threshold` percent through their SLA window,
 * soonest deadline first — one tenant's, or (platform principals naming none) every tenant's.
 */
export async function getAtRisk(principal: Principal, query: AtRiskQuery, now = new Date()): Promise<AtRisk> {
  const { tenantId, zone } = await slaScope(principal, query.tenant_id);
  const scopes = tenantId === null ? await allTenants() : [{ tenantId, zone }];
  const limit = pLimit(TENANT_CONCURRENCY);
  const backlogs = await limit.map(scopes, (scope) =>
    assessTenantBacklog(scope.tenantId, scope.zone, now, MAX_OPEN_EXAMINED),
  );
  const items = backlogs
    .flatMap((backlog) => backlog.items)
    .filter((item) => item.percent_elapsed >= query.threshold)
    .sort((a, b) => a.sla_deadline.localeCompare(b.sla_deadline))
    .slice(0, query.limit);
  return {
    tenant_id: tenantId,
    threshold: query.threshold,
    as_of: now.toISOString(),
    items,
    truncated: backlogs.some((backlog) => backlog.truncated),
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
  const byDay = await aggregatesByDay(tenantId, firstDay, lastDay);
  const totals = totalsBySeverity([...byDay.values()].flat());
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
