import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { WORKER_TYPES, type WorkerType } from '../platform/platform-vocabulary';
import { type ProcessingEvent } from '../ingest/ingest-schemas';
import {
  DAY_SECONDS,
  RETENTION_DAYS,
  epochSeconds,
  readAggregateBuckets,
  type AggregateBucket,
} from './aggregate-repository';
import { encodeDense } from './dense-histogram';
import { bucketStartOf, type AggregateScope } from './processing-aggregation';

/*
 * Sealed hours: a read-optimised copy of every finished hour of the hourly aggregates.
 *
 * The live hourly aggregates are written to 4 shards per worker type, each with a sparse latency
 * histogram that grows with traffic until the latency distribution is covered (see
 * latency-histogram.ts). Once an hour is over, a scheduled sealer merges its shards into two items
 * of a size that does not depend on traffic: the counts, and the histogram in the fixed-size dense
 * encoding (dense-histogram.ts). The 24 h and 7 d reads then cost the same whatever the event
 * volume: one small item per hour for throughput and errors, one ~3 KB item per hour for latency,
 * plus the shards of the hour(s) not sealed yet (the current one).
 *
 * Keys (telemetry table):
 *   hour counts   pk TENANT#<tenant>#AGGH#<worker_type> | PLATFORM#AGGH#<worker_type>   sk H#<hour start>
 *                 dirty          ADD 1 by every ingest that writes the hour after it ended (and once
 *                                per process while it runs): a write the sealed copy may lack
 *                 sealed_dirty   `dirty` as the sealer saw it; the copy is current iff they are equal
 *                 n, f, r, ls    the merged counts (once sealed), worker_type, sealed_at, expires_at
 *                 gsi1pk AGGSEAL#<0-7>  gsi1sk <hour start>#<pk>   only while awaiting a (re)seal
 *   hour latency  pk TENANT#<tenant>#AGGHL#<worker_type> | PLATFORM#AGGHL#<worker_type>   sk H#<hour start>
 *                 hd (dense histogram, binary), hx (buckets outside it, map), sealed_dirty, expires_at
 *
 * Correctness: the sealer reads `dirty`, then the shards (consistently), and writes the copy only
 * if `dirty` is unchanged. An ingest that commits to an hour after the hour ended bumps `dirty`
 * after its commit, so either the sealer saw that commit or its conditional write fails (or, if it
 * already wrote, the copy is stale and readers fall back to the shards until the next seal). Hours
 * are sealed SEAL_GRACE_MS after they end, longer than the clock skew an ingest allows for.
 */

const table = () => tableName('telemetry');
const HOUR_MS = 3_600_000;
/** An hour is sealed no earlier than this long after it ends. */
export const SEAL_GRACE_MS = 120_000;
/** An ingest treats an hour as ended this long before its end, for clocks that disagree. */
const CLOCK_SKEW_MS = 60_000;
const SEAL_PARTITIONS = 8;
const SEAL_CONCURRENCY = 8;

const scopePrefix = (scope: AggregateScope) =>
  scope.kind === 'platform' ? 'PLATFORM' : `TENANT#${scope.tenantId}`;
export const sealedCountsPk = (scope: AggregateScope, workerType: WorkerType) =>
  `${scopePrefix(scope)}#AGGH#${workerType}`;
export const sealedLatencyPk = (scope: AggregateScope, workerType: WorkerType) =>
  `${scopePrefix(scope)}#AGGHL#${workerType}`;
const hourSk = (hourStart: string) => `H#${hourStart}`;
const sealPartition = (pk: string) =>
  `AGGSEAL#${createHash('sha1').update(pk).digest().readUInt32BE(0) % SEAL_PARTITIONS}`;

/** The scope and worker type of an hour-counts key, or null for any other key. */
export function parseSealedCountsPk(pk: string): { scope: AggregateScope; workerType: WorkerType } | null {
  const match = /^(?:PLATFORM|TENANT#(.+))#AGGH#([a-z_]+)$/.exec(pk);
  if (!match || !(WORKER_TYPES as readonly string[]).includes(match[2]!)) return null;
  const scope: AggregateScope =
    match[1] === undefined ? { kind: 'platform' } : { kind: 'tenant', tenantId: match[1] };
  return { scope, workerType: match[2] as WorkerType };
}

/** Puts an hour on the sealer's work list (creating its hour-counts item if need be). */
async function markHour(pk: string, hourStart: string, workerType: WorkerType): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk, sk: hourSk(hourStart) },
      UpdateExpression:
        'ADD dirty :one SET gsi1pk = :gp, gsi1sk = :gs, worker_type = :wt, expires_at = if_not_exists(expires_at, :exp)',
      ExpressionAttributeValues: {
        ':one': 1,
        ':gp': sealPartition(pk),
        ':gs': `${hourStart}#${pk}`,
        ':wt': workerType,
        ':exp': epochSeconds(new Date(hourStart)) + RETENTION_DAYS.hour * DAY_SECONDS,
      },
    }),
  );
}

/** Hours this process has marked while they were still running: once is enough for those. */
const markedRunningHours = new Map<string, number>();

/**
 * Records, after a chunk of processing events was committed, that their hours have data: every
 * (scope, worker type, hour) gets its hour-counts item (the sealer's work list). An hour that
 * has ended (or is about to) is marked on every write, so a sealed copy never hides a late event;
 * a running hour once per process. Idempotent: marking twice only makes the sealer look again.
 */
export async function markHoursWritten(events: readonly ProcessingEvent[]): Promise<number> {
  const hours = new Map<string, { pk: string; hourStart: string; workerType: WorkerType }>();
  for (const event of events) {
    const hourStart = bucketStartOf(event.finished_at, 'hour');
    const scopes: AggregateScope[] = [{ kind: 'platform' }, { kind: 'tenant', tenantId: event.tenant_id }];
    for (const scope of scopes) {
      const pk = sealedCountsPk(scope, event.worker_type);
      hours.set(`${pk}|${hourStart}`, { pk, hourStart, workerType: event.worker_type });
    }
  }
  // Taken after the commit: a running hour whose end is further away than the skew cannot be
  // sealed before this write is visible.
  const now = Date.now();
  let marked = 0;
  await Promise.all(
    [...hours].map(async ([key, hour]) => {
      const hourEnd = Date.parse(hour.hourStart) + HOUR_MS;
      const running = now < hourEnd - CLOCK_SKEW_MS;
      if (running && markedRunningHours.has(key)) return;
      await markHour(hour.pk, hour.hourStart, hour.workerType);
      marked += 1;
      if (running) markedRunningHours.set(key, hourEnd);
    }),
  );
  if (markedRunningHours.size > 10_000) {
    for (const [key, hourEnd] of markedRunningHours) if (hourEnd < now) markedRunningHours.delete(key);
  }
  return marked;
}

export type SealOutcome = 'sealed' | 'current' | 'raced' | 'absent';

/**
 * Seals one hour of one scope and worker type: merges its shards into the counts and the dense
 * histogram, written only if no ingest marked the hour meanwhile. `afterRead` lets a test write
 * between the read and the write.
 */
export async function sealHour(
  pk: string,
  sk: string,
  hooks: { afterRead?: () => Promise<void> } = {},
): Promise<SealOutcome> {
  const parsed = parseSealedCountsPk(pk);
  if (!parsed || !sk.startsWith('H#')) return 'absent';
  const { scope, workerType } = parsed;
  const { Item: hour } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk, sk }, ConsistentRead: true }),
  );
  if (!hour) return 'absent';
  const dirty = Number(hour.dirty ?? 0);
  if (hour.sealed_dirty !== undefined && Number(hour.sealed_dirty) === dirty && !hour.gsi1pk)
    return 'current';
  const hourStart = sk.slice(2);
  const shards = await readAggregateBuckets(scope, [workerType], 'hour', [hourStart], { consistent: true });
  await hooks.afterRead?.();
  const bucket = shards.get(workerType)?.[0];
  const { dense, extra } = encodeDense(bucket?.histogram ?? {});
  const expiresAt = epochSeconds(new Date(hourStart)) + RETENTION_DAYS.hour * DAY_SECONDS;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                pk,
                sk,
                worker_type: workerType,
                n: bucket?.count ?? 0,
                f: bucket?.failures ?? 0,
                r: bucket?.retries ?? 0,
                ls: bucket?.latencySumMs ?? 0,
                dirty,
                sealed_dirty: dirty,
                sealed_at: new Date().toISOString(),
                expires_at: expiresAt,
              },
              ConditionExpression: 'dirty = :dirty',
              ExpressionAttributeValues: { ':dirty': dirty },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                pk: sealedLatencyPk(scope, workerType),
                sk,
                worker_type: workerType,
                hd: dense,
                ...(Object.keys(extra).length > 0 ? { hx: extra } : {}),
                sealed_dirty: dirty,
                expires_at: expiresAt,
              },
            },
          },
        ],
      }),
    );
    return 'sealed';
  } catch (error) {
    // A mark since the read (ConditionalCheckFailed) or a concurrent write (TransactionConflict):
    // the hour stays on the work list and is sealed by a later run.
    if (error instanceof TransactionCanceledException) return 'raced';
    throw error;
  }
}

export interface SealRun {
  sealed: number;
  raced: number;
  /** Hours left on the work list when the budget ran out. */
  deferred: boolean;
}

/**
 * Seals every hour on the work list that ended at least SEAL_GRACE_MS before `now`, oldest first
 * per partition, within `budgetMs` (what is left waits for the next run).
 */
export async function sealFinishedHours(options: { now?: Date; budgetMs?: number } = {}): Promise<SealRun> {
  const now = options.now ?? new Date();
  const deadline = Date.now() + (options.budgetMs ?? 45_000);
  const cutoff = new Date(Math.floor((now.getTime() - SEAL_GRACE_MS) / HOUR_MS) * HOUR_MS).toISOString();
  const limit = pLimit(SEAL_CONCURRENCY);
  const run: SealRun = { sealed: 0, raced: 0, deferred: false };
  const migration = await markUnmarkedHours(deadline);
  if (!migration.done) {
    run.deferred = true;
    return run;
  }
  await Promise.all(
    Array.from({ length: SEAL_PARTITIONS }, async (_, partition) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        if (Date.now() >= deadline) {
          run.deferred = true;
          return;
        }
        const page = await documentClient.send(
          new QueryCommand({
            TableName: table(),
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk < :cutoff',
            ExpressionAttributeValues: { ':partition': `AGGSEAL#${partition}`, ':cutoff': cutoff },
            Limit: 100,
            ExclusiveStartKey: startKey,
          }),
        );
        await Promise.all(
          (page.Items ?? []).map((item) =>
            limit(async () => {
              if (Date.now() >= deadline) {
                run.deferred = true;
                return;
              }
              const outcome = await sealHour(item.pk as string, item.sk as string);
              if (outcome === 'sealed') run.sealed += 1;
              if (outcome === 'raced') run.raced += 1;
            }),
          ),
        );
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return run;
}

const MIGRATION_KEY = { pk: 'AGGSEAL#MIGRATION', sk: 'V1' };

/**
 * Once per table: puts on the work list every hour whose shards were written before hours were
 * marked (data from before sealed hours existed), so that no stored hour reads as empty. Scans the
 * table page by page within the deadline, keeping its place in a marker item; a no-op once done.
 */
export async function markUnmarkedHours(deadline: number): Promise<{ marked: number; done: boolean }> {
  const { Item: state } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: MIGRATION_KEY, ConsistentRead: true }),
  );
  if (state?.done) return { marked: 0, done: true };
  let startKey = state?.cursor as Record<string, unknown> | undefined;
  let marked = 0;
  do {
    if (Date.now() >= deadline) {
      await documentClient.send(
        new PutCommand({ TableName: table(), Item: { ...MIGRATION_KEY, cursor: startKey } }),
      );
      return { marked, done: false };
    }
    const page = await documentClient.send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'begins_with(sk, :hour) AND contains(pk, :shard)',
        ExpressionAttributeValues: { ':hour': 'H#', ':shard': '#AGG#' },
        ProjectionExpression: 'pk, sk, worker_type',
        ExclusiveStartKey: startKey,
      }),
    );
    const hours = new Map<string, { pk: string; hourStart: string; workerType: WorkerType }>();
    for (const item of page.Items ?? []) {
      const match = /^(PLATFORM|TENANT#.+)#AGG#([a-z_]+)#\d+$/.exec(item.pk as string);
      if (!match) continue;
      const pk = `${match[1]}#AGGH#${match[2]}`;
      if (!parseSealedCountsPk(pk)) continue;
      const hourStart = (item.sk as string).slice(2);
      hours.set(`${pk}|${hourStart}`, { pk, hourStart, workerType: match[2] as WorkerType });
    }
    const limit = pLimit(SEAL_CONCURRENCY);
    await Promise.all(
      [...hours.values()].map((hour) => limit(() => markHour(hour.pk, hour.hourStart, hour.workerType))),
    );
    marked += hours.size;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: { ...MIGRATION_KEY, done: true, finished_at: new Date().toISOString() },
    }),
  );
  return { marked, done: true };
}

async function queryHours(pk: string, fromStart: string, to: string): Promise<Record<string, unknown>[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': hourSk(fromStart), ':to': hourSk(to) },
  });
  return items.filter((item) => (item.sk as string).slice(2) < to);
}

/**
 * Reads the hourly buckets of one worker type in [fromStart, to): sealed hours from their merged
 * copies (one Query for the counts, one for the histograms when `histograms`), the rest (the
 * running hour, an hour awaiting its seal, a copy made stale by a late event) from the shards by
 * exact key. An hour without an hour-counts item had no events. The cost is O(hours) items of a
 * fixed size plus O(shards) for each unsealed hour, whatever the number of events.
 */
export async function readHourAggregates(
  scope: AggregateScope,
  workerType: WorkerType,
  fromStart: string,
  to: string,
  options: { histograms: boolean },
): Promise<AggregateBucket[]> {
  const [hours, latencies] = await Promise.all([
    queryHours(sealedCountsPk(scope, workerType), fromStart, to),
    options.histograms ? queryHours(sealedLatencyPk(scope, workerType), fromStart, to) : Promise.resolve([]),
  ]);
  const latencyBySk = new Map(latencies.map((item) => [item.sk as string, item]));
  const buckets: AggregateBucket[] = [];
  const unsealed: string[] = [];
  for (const hour of hours) {
    const hourStart = (hour.sk as string).slice(2);
    const dirty = Number(hour.dirty ?? 0);
    const latency = latencyBySk.get(hour.sk as string);
    const current =
      hour.sealed_dirty !== undefined &&
      Number(hour.sealed_dirty) === dirty &&
      (!options.histograms || (latency !== undefined && Number(latency.sealed_dirty) === dirty));
    if (!current) {
      unsealed.push(hourStart);
      continue;
    }
    buckets.push({
      bucketStart: hourStart,
      count: Number(hour.n ?? 0),
      failures: Number(hour.f ?? 0),
      retries: Number(hour.r ?? 0),
      latencySumMs: Number(hour.ls ?? 0),
      histogram: {},
      ...(options.histograms
        ? {
            sealed: {
              dense: latency!.hd as Uint8Array,
              extra: (latency!.hx as Record<string, number> | undefined) ?? {},
            },
          }
        : {}),
    });
  }
  if (unsealed.length > 0) {
    const live = await readAggregateBuckets(scope, [workerType], 'hour', unsealed, {
      countsOnly: !options.histograms,
    });
    buckets.push(...(live.get(workerType) ?? []));
  }
  return buckets.sort((a, b) => (a.bucketStart < b.bucketStart ? -1 : 1));
}
