import { NotFoundError } from '../errors/typed-errors';
import { isPlatformPrincipal, requireRole, resolveTenantScope, type Principal } from '../access/principal';
import { WORKER_TYPES, type WorkerType } from '../platform/platform-vocabulary';
import { readAggregates, type AggregateBucket } from '../telemetry/aggregate-repository';
import { readHourAggregates } from '../telemetry/sealed-hours';
import type { AggregateScope } from '../telemetry/processing-aggregation';
import { findTenant } from '../tenants/tenant-repository';
import type { WorkerMetricsQuery } from './metrics-schemas';
import { alignBuckets, errorsOf, latencyOf, throughputOf } from './metrics-series';
import { resolveMetricWindow, type MetricWindow } from './metrics-window';

/** The aggregate scope a principal reads: its tenant, a named tenant (platform), or the platform. */
export async function resolveMetricScope(
  principal: Principal,
  tenantId: string | undefined,
): Promise<{ scope: AggregateScope; tenantId: string | null }> {
  requireRole(principal, 'operator');
  const tenant = resolveTenantScope(principal, tenantId);
  if (tenant === null) return { scope: { kind: 'platform' }, tenantId: null };
  if (isPlatformPrincipal(principal) && !(await findTenant(tenant))) {
    throw new NotFoundError(`Tenant ${tenant} was not found.`);
  }
  return { scope: { kind: 'tenant', tenantId: tenant }, tenantId: tenant };
}

type Figures<T> = (window: MetricWindow, buckets: readonly AggregateBucket[]) => T;

/**
 * Reads one metric per worker type from the aggregates, so the cost grows with the buckets, never
 * with the events: per-minute windows per type and shard one Query; hourly windows from the sealed
 * hours (fixed-size items; histograms only for latency) plus the shards of the unsealed hours.
 */
async function readWorkerMetric<T>(
  principal: Principal,
  query: WorkerMetricsQuery,
  figures: Figures<T>,
  needs: { histograms: boolean },
) {
  const { scope, tenantId } = await resolveMetricScope(principal, query.tenant_id);
  const window = resolveMetricWindow(query, new Date());
  const types: readonly WorkerType[] = query.worker_type ? [query.worker_type] : WORKER_TYPES;
  const items = await Promise.all(
    types.map(async (workerType) => {
      const from = window.bucketStarts[0]!;
      const to = window.to.toISOString();
      const buckets =
        window.granularity === 'hour'
          ? await readHourAggregates(scope, workerType, from, to, needs)
          : await readAggregates(scope, workerType, window.granularity, from, to);
      return { worker_type: workerType, ...figures(window, alignBuckets(window, buckets)) };
    }),
  );
  return {
    range: window.range,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    granularity: window.granularity,
    step_seconds: window.stepSeconds,
    tenant_id: tenantId,
    items,
  };
}

/** `GET /ops/workers/throughput`: events per second per worker type. */
export const getWorkerThroughput = (principal: Principal, query: WorkerMetricsQuery) =>
  readWorkerMetric(principal, query, throughputOf, { histograms: false });

/** `GET /ops/workers/latency`: p50/p95/p99 (ms) per worker type, from merged histograms. */
export const getWorkerLatency = (principal: Principal, query: WorkerMetricsQuery) =>
  readWorkerMetric(principal, query, latencyOf, { histograms: true });

/** `GET /ops/workers/errors`: error rate (% of attempts that failed) per worker type. */
export const getWorkerErrors = (principal: Principal, query: WorkerMetricsQuery) =>
  readWorkerMetric(principal, query, errorsOf, { histograms: false });
