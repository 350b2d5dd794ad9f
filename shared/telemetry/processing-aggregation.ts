import { createHash } from 'node:crypto';
import type { ProcessingEvent } from '../ingest/ingest-schemas';
import type { WorkerType } from '../platform/platform-vocabulary';
import { record, type Histogram } from './latency-histogram';

/**
 * Pre-aggregation of processing events (pure). A batch collapses into one aggregate delta per
 * (scope, worker type, shard, granularity, time bucket), so that storing a batch costs one write
 * per aggregate key and bucket rather than one per event.
 */

/** Aggregates are written to this many shards per worker type, chosen by worker instance, so a
 * busy worker type spreads over several partitions instead of one hot key. Readers merge shards. */
export const AGGREGATE_SHARDS = 4;

export type Granularity = 'minute' | 'hour' | 'day';
export const GRANULARITIES: readonly Granularity[] = ['minute', 'hour', 'day'];

/** `platform` covers every tenant; otherwise the tenant id. */
export type AggregateScope = { kind: 'platform' } | { kind: 'tenant'; tenantId: string };

export interface AggregateDelta {
  scope: AggregateScope;
  workerType: WorkerType;
  shard: number;
  granularity: Granularity;
  /** Start of the bucket, UTC ISO-8601 (e.g. 2026-11-28T11:05:00.000Z). */
  bucketStart: string;
  count: number;
  failures: number;
  retries: number;
  latencySumMs: number;
  histogram: Histogram;
}

export const shardOf = (workerInstance: string): number =>
  createHash('sha1').update(workerInstance).digest().readUInt32BE(0) % AGGREGATE_SHARDS;

/** The start of the minute, hour or UTC day that holds `instant`. */
export function bucketStartOf(instant: string, granularity: Granularity): string {
  const date = new Date(instant);
  if (granularity === 'minute') date.setUTCSeconds(0, 0);
  else if (granularity === 'hour') date.setUTCMinutes(0, 0, 0);
  else date.setUTCHours(0, 0, 0, 0);
  return date.toISOString();
}

export const latencyOf = (event: ProcessingEvent): number =>
  Math.max(0, Date.parse(event.finished_at) - Date.parse(event.started_at));

const scopeKey = (scope: AggregateScope) =>
  scope.kind === 'platform' ? 'platform' : `tenant:${scope.tenantId}`;

export const deltaKey = (
  delta: Pick<AggregateDelta, 'scope' | 'workerType' | 'shard' | 'granularity' | 'bucketStart'>,
) => `${scopeKey(delta.scope)}|${delta.workerType}|${delta.shard}|${delta.granularity}|${delta.bucketStart}`;

/** The aggregate keys one event contributes to: both scopes × every granularity. */
export function deltaKeysOf(event: ProcessingEvent): string[] {
  const shard = shardOf(event.worker_instance);
  const scopes: AggregateScope[] = [{ kind: 'platform' }, { kind: 'tenant', tenantId: event.tenant_id }];
  return scopes.flatMap((scope) =>
    GRANULARITIES.map((granularity) =>
      deltaKey({
        scope,
        workerType: event.worker_type,
        shard,
        granularity,
        bucketStart: bucketStartOf(event.finished_at, granularity),
      }),
    ),
  );
}

/** Folds events into aggregate deltas (events are counted in the bucket where they finished). */
export function aggregateEvents(events: readonly ProcessingEvent[]): AggregateDelta[] {
  const deltas = new Map<string, AggregateDelta>();
  for (const event of events) {
    const shard = shardOf(event.worker_instance);
    const latency = latencyOf(event);
    const scopes: AggregateScope[] = [{ kind: 'platform' }, { kind: 'tenant', tenantId: event.tenant_id }];
    for (const scope of scopes) {
      for (const granularity of GRANULARITIES) {
        const bucketStart = bucketStartOf(event.finished_at, granularity);
        const key = deltaKey({ scope, workerType: event.worker_type, shard, granularity, bucketStart });
        let delta = deltas.get(key);
        if (!delta) {
          delta = {
            scope,
            workerType: event.worker_type,
            shard,
            granularity,
            bucketStart,
            count: 0,
            failures: 0,
            retries: 0,
            latencySumMs: 0,
            histogram: {},
          };
          deltas.set(key, delta);
        }
        delta.count += 1;
        if (event.status === 'failed') delta.failures += 1;
        if (event.status === 'retried') delta.retries += 1;
        delta.latencySumMs += latency;
        record(delta.histogram, latency);
      }
    }
  }
  return [...deltas.values()];
}

/**
 * Splits events into chunks whose markers plus distinct aggregate keys fit in one DynamoDB
 * transaction (`maxItems`). Events are sorted first so that a chunk shares its aggregate keys.
 */
export function chunkForTransactions(
  events: readonly ProcessingEvent[],
  maxItems = 100,
): ProcessingEvent[][] {
  const sorted = [...events].sort((a, b) => {
    const left = `${a.tenant_id}|${a.worker_type}|${shardOf(a.worker_instance)}|${a.finished_at}`;
    const right = `${b.tenant_id}|${b.worker_type}|${shardOf(b.worker_instance)}|${b.finished_at}`;
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const chunks: ProcessingEvent[][] = [];
  let current: ProcessingEvent[] = [];
  let keys = new Set<string>();
  for (const event of sorted) {
    const eventKeys = deltaKeysOf(event);
    const added = eventKeys.filter((key) => !keys.has(key)).length;
    if (current.length > 0 && current.length + 1 + keys.size + added > maxItems) {
      chunks.push(current);
      current = [];
      keys = new Set();
    }
    current.push(event);
    eventKeys.forEach((key) => keys.add(key));
  }
  if (current.length) chunks.push(current);
  return chunks;
}
