import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import type { ProcessingEvent } from '../ingest/ingest-schemas';
import type { WorkerType } from '../platform/platform-vocabulary';
import type { DenseHistogram } from './dense-histogram';
import { mergeInto, type Histogram } from './latency-histogram';
import {
  AGGREGATE_SHARDS,
  aggregateEvents,
  type AggregateDelta,
  type AggregateScope,
  type Granularity,
} from './processing-aggregation';

/*
 * Keys (telemetry table):
 *   aggregate        pk TENANT#<tenant>#AGG#<worker_type>#<shard> | PLATFORM#AGG#<worker_type>#<shard>
 *                    sk M#<minute start> | H#<hour start> | D#<day start>   (UTC ISO-8601)
 *                    n, f, r, ls (count, failures, retries, latency sum ms), h_<bucket> histogram counts
 *   sealed hours     see sealed-hours.ts: one merged, fixed-size copy of each finished hour for reads
 *   event marker     pk TENANT#<tenant>#PEVT#<event_id>  sk PEVT   (idempotency, expires after 7 days)
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('telemetry');
export const DAY_SECONDS = 86_400;
export const RETENTION_DAYS: Record<Granularity, number> = { minute: 8, hour: 100, day: 800 };
export const EVENT_MARKER_DAYS = 7;
const GRANULARITY_PREFIX: Record<Granularity, string> = { minute: 'M', hour: 'H', day: 'D' };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const aggregatePk = (scope: AggregateScope, workerType: WorkerType, shard: number) =>
  scope.kind === 'platform'
    ? `PLATFORM#AGG#${workerType}#${shard}`
    : `TENANT#${scope.tenantId}#AGG#${workerType}#${shard}`;

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

function markerWrite(event: ProcessingEvent, now: Date): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: `TENANT#${event.tenant_id}#PEVT#${event.event_id}`,
        sk: 'PEVT',
        expires_at: epochSeconds(now) + EVENT_MARKER_DAYS * DAY_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function aggregateWrite(delta: AggregateDelta): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':n': delta.count,
    ':f': delta.failures,
    ':r': delta.retries,
    ':ls': delta.latencySumMs,
    ':exp': epochSeconds(new Date(delta.bucketStart)) + RETENTION_DAYS[delta.granularity] * DAY_SECONDS,
    ':wt': delta.workerType,
  };
  const additions = ['n :n', 'f :f', 'r :r', 'ls :ls'];
  Object.entries(delta.histogram).forEach(([bucket, count], index) => {
    names[`#h${index}`] = `h_${bucket}`;
    values[`:h${index}`] = count;
    additions.push(`#h${index} :h${index}`);
  });
  return {
    Update: {
      TableName: table(),
      Key: {
        pk: aggregatePk(delta.scope, delta.workerType, delta.shard),
        sk: `${GRANULARITY_PREFIX[delta.granularity]}#${delta.bucketStart}`,
      },
      UpdateExpression: `ADD ${additions.join(', ')} SET expires_at = if_not_exists(expires_at, :exp), worker_type = :wt`,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
  };
}

const MAX_CONFLICT_RETRIES = 10;

/**
 * Stores one chunk of processing events exactly once: an idempotency marker per event and one
 * aggregate update per (key, bucket) in a single transaction. Events whose marker exists are
 * duplicates and are dropped before the transaction is tried again.
 */
export async function storeProcessingChunk(
  events: readonly ProcessingEvent[],
  now = new Date(),
): Promise<{ accepted: number; duplicates: number; aggregateWrites: number }> {
  let pending = [...events];
  let duplicates = 0;
  let aggregateWrites = 0;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const deltas = aggregateEvents(pending);
    const items = [...pending.map((event) => markerWrite(event, now)), ...deltas.map(aggregateWrite)];
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      aggregateWrites += deltas.length;
      return { accepted: pending.length, duplicates, aggregateWrites };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const seen = new Set(
        pending
          .map((event, index) => (reasons[index]?.Code === 'ConditionalCheckFailed' ? event : null))
          .filter(Boolean),
      );
      if (seen.size > 0) {
        duplicates += seen.size;
        pending = pending.filter((event) => !seen.has(event));
        continue;
      }
      // A concurrent transaction touched the same aggregate: back off and try again.
      if (attempt >= MAX_CONFLICT_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * (attempt + 1)));
    }
  }
  return { accepted: 0, duplicates, aggregateWrites };
}

export interface AggregateBucket {
  bucketStart: string;
  count: number;
  failures: number;
  retries: number;
  latencySumMs: number;
  histogram: Histogram;
  /** A sealed hour's histogram, still encoded (see sealed-hours.ts); adds to `histogram`. */
  sealed?: DenseHistogram;
}

/** Adds one stored aggregate item (one shard's bucket) into the merged bucket of its start. */
export function addItemToBucket(
  merged: Map<string, AggregateBucket>,
  bucketStart: string,
  item: Record<string, unknown>,
): void {
  const bucket = merged.get(bucketStart) ?? {
    bucketStart,
    count: 0,
    failures: 0,
    retries: 0,
    latencySumMs: 0,
    histogram: {},
  };
  bucket.count += Number(item.n ?? 0);
  bucket.failures += Number(item.f ?? 0);
  bucket.retries += Number(item.r ?? 0);
  bucket.latencySumMs += Number(item.ls ?? 0);
  const histogram: Histogram = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith('h_')) histogram[name.slice(2)] = Number(value);
  }
  mergeInto(bucket.histogram, histogram);
  merged.set(bucketStart, bucket);
}

/**
 * Reads the buckets of one worker type in [from, to) at a granularity, merging the shards:
 * O(buckets × shards) items, never O(events).
 */
export async function readAggregates(
  scope: AggregateScope,
  workerType: WorkerType,
  granularity: Granularity,
  from: string,
  to: string,
): Promise<AggregateBucket[]> {
  const prefix = GRANULARITY_PREFIX[granularity];
  const merged = new Map<string, AggregateBucket>();
  await Promise.all(
    Array.from({ length: AGGREGATE_SHARDS }, async (_, shard) => {
      const items = await queryItems({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': aggregatePk(scope, workerType, shard),
          ':from': `${prefix}#${from}`,
          ':to': `${prefix}#${to}`,
        },
      });
      for (const item of items) {
        const bucketStart = (item.sk as string).slice(2);
        if (bucketStart < to) addItemToBucket(merged, bucketStart, item);
      }
    }),
  );
  return [...merged.values()].sort((a, b) => (a.bucketStart < b.bucketStart ? -1 : 1));
}

const BATCH_GET_LIMIT = 100;

/**
 * Reads named buckets (`bucketStarts`, at one granularity) of several worker types at once,
 * merging the shards: BatchGetItem over the exact keys, 100 a request, so a reader that needs every
 * worker type of a scope for a few buckets (the alert evaluator) makes a couple of requests instead
 * of one Query per type and shard. O(types × shards × buckets) keys, never O(events); absent
 * buckets are simply missing from the result. `countsOnly` leaves the histograms out; `consistent`
 * reads what was committed last (the hour sealer needs it).
 */
export async function readAggregateBuckets(
  scope: AggregateScope,
  workerTypes: readonly WorkerType[],
  granularity: Granularity,
  bucketStarts: readonly string[],
  options: { countsOnly?: boolean; consistent?: boolean } = {},
): Promise<Map<WorkerType, AggregateBucket[]>> {
  const prefix = GRANULARITY_PREFIX[granularity];
  // Counts only: leave the latency histogram (most of an item) on the server.
  const projection = options.countsOnly ? { ProjectionExpression: 'sk, worker_type, n, f, r, ls' } : {};
  const keys = workerTypes.flatMap((workerType) =>
    Array.from({ length: AGGREGATE_SHARDS }, (_, shard) =>
      bucketStarts.map((start) => ({ pk: aggregatePk(scope, workerType, shard), sk: `${prefix}#${start}` })),
    ).flat(),
  );
  const merged = new Map<WorkerType, Map<string, AggregateBucket>>(
    workerTypes.map((type) => [type, new Map()]),
  );
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    chunks.push(keys.slice(start, start + BATCH_GET_LIMIT));
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Record<string, unknown>[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        const result = await documentClient.send(
          new BatchGetCommand({
            RequestItems: {
              [table()]: {
                Keys: pending,
                ...projection,
                ...(options.consistent ? { ConsistentRead: true } : {}),
              },
            },
          }),
        );
        for (const item of result.Responses?.[table()] ?? []) {
          const buckets = merged.get(item.worker_type as WorkerType);
          if (!buckets) continue;
          const bucketStart = (item.sk as string).slice(2);
          addItemToBucket(buckets, bucketStart, item);
        }
        pending = (result.UnprocessedKeys?.[table()]?.Keys ?? []) as Record<string, unknown>[];
        if (pending.length > 0) {
          if (attempt >= 8) throw new Error(`BatchGetItem left ${pending.length} aggregate keys unprocessed`);
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
        }
      }
    }),
  );
  return new Map(
    [...merged].map(([type, buckets]) => [
      type,
      [...buckets.values()].sort((a, b) => (a.bucketStart < b.bucketStart ? -1 : 1)),
    ]),
  );
}
