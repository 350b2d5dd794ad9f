import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { tableName } from '../settings/env';
import { ConflictError } from '../errors/typed-errors';
import type { WorkerType } from '../platform/platform-vocabulary';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type { WorkerCriticality } from './worker-schemas';

/*
 * Keys (config table), one partition for the whole fleet (its size is the number of worker
 * instances, and each writes one heartbeat per interval):
 *   declared worker   pk WORKERS  sk <worker_type>#<instance_id>#DECLARED
 *   heartbeat         pk WORKERS  sk <worker_type>#<instance_id>#HEARTBEAT   expires_at (TTL)
 *
 * A worker's two items are adjacent, so one Query reads both and a listing merges them in order.
 * DynamoDB deletes expired items lazily (up to days later), so every read also drops heartbeats
 * whose expires_at has passed.
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('config');
const PK = 'WORKERS';
const workerPrefix = (workerType: string, instanceId: string) => `${workerType}#${instanceId}#`;
const declaredKey = (workerType: string, instanceId: string) => ({
  pk: PK,
  sk: `${workerPrefix(workerType, instanceId)}DECLARED`,
});
const heartbeatKey = (workerType: string, instanceId: string) => ({
  pk: PK,
  sk: `${workerPrefix(workerType, instanceId)}HEARTBEAT`,
});

export interface DeclaredWorker {
  worker_type: WorkerType;
  instance_id: string;
  base_url: string;
  metrics_url: string | null;
  criticality: WorkerCriticality;
  created_at: string;
  updated_at: string;
}

export interface HeartbeatRegistration {
  worker_type: WorkerType;
  instance_id: string;
  base_url: string;
  metrics_url: string | null;
  criticality: WorkerCriticality;
  last_heartbeat_at: string;
  /** Epoch seconds (the table's TTL attribute). */
  expires_at: number;
}

/** What the registry holds for one worker instance. */
export interface WorkerEntries {
  declared: DeclaredWorker | null;
  heartbeat: HeartbeatRegistration | null;
}

const toDeclared = (item: Record<string, unknown>): DeclaredWorker => ({
  worker_type: item.worker_type as WorkerType,
  instance_id: item.instance_id as string,
  base_url: item.base_url as string,
  metrics_url: (item.metrics_url ?? null) as string | null,
  criticality: item.criticality as WorkerCriticality,
  created_at: item.created_at as string,
  updated_at: item.updated_at as string,
});

const toHeartbeat = (item: Record<string, unknown>): HeartbeatRegistration => ({
  worker_type: item.worker_type as WorkerType,
  instance_id: item.instance_id as string,
  base_url: item.base_url as string,
  metrics_url: (item.metrics_url ?? null) as string | null,
  criticality: item.criticality as WorkerCriticality,
  last_heartbeat_at: item.last_heartbeat_at as string,
  expires_at: item.expires_at as number,
});

/** Folds a worker's items into its entries, dropping a heartbeat that has expired. */
function addItem(entries: WorkerEntries, item: Record<string, unknown>, nowSeconds: number): void {
  if ((item.sk as string).endsWith('#DECLARED')) entries.declared = toDeclared(item);
  else if ((item.expires_at as number) > nowSeconds) entries.heartbeat = toHeartbeat(item);
}

const workerIdOf = (item: Record<string, unknown>) =>
  `${item.worker_type as string}#${item.instance_id as string}`;

/** Reads one worker's declaration and live heartbeat (either may be null). */
export async function findWorkerEntries(
  workerType: WorkerType,
  instanceId: string,
  nowSeconds: number,
): Promise<WorkerEntries> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': workerPrefix(workerType, instanceId) },
      ConsistentRead: true,
    }),
  );
  const entries: WorkerEntries = { declared: null, heartbeat: null };
  for (const item of result.Items ?? []) addItem(entries, item, nowSeconds);
  return entries;
}

/**
 * Lists workers in (type, instance) order, `limit` at a time, skipping workers whose only entry is
 * an expired heartbeat. The cursor names the last worker returned; the next page starts after it.
 */
export async function listWorkerEntries(
  nowSeconds: number,
  options: { cursor?: string; limit: number },
): Promise<Page<WorkerEntries>> {
  const workers = new Map<string, WorkerEntries>();
  let startKey = decodeCursor(options.cursor, { pk: PK });
  for (;;) {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PK },
        ConsistentRead: true,
        Limit: Math.min(2 * options.limit + 2, 500),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const id = workerIdOf(item);
      const entries = workers.get(id) ?? { declared: null, heartbeat: null };
      addItem(entries, item, nowSeconds);
      workers.set(id, entries);
    }
    startKey = result.LastEvaluatedKey;
    // More live workers than a page means the first `limit` are complete: a later one has begun.
    const live = [...workers.values()].filter((entries) => entries.declared || entries.heartbeat).length;
    if (!startKey || live > options.limit) break;
  }
  const live = [...workers.entries()].filter(([, entries]) => entries.declared || entries.heartbeat);
  const page = live.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map(([, entries]) => entries),
    // '~' sorts after DECLARED and HEARTBEAT, so the next page starts after this worker's items.
    next_cursor: live.length > options.limit && last ? encodeCursor({ pk: PK, sk: `${last[0]}#~` }) : null,
  };
}

/** Every worker with a declaration or a live heartbeat. */
export async function listAllWorkerEntries(nowSeconds: number): Promise<WorkerEntries[]> {
  const workers = new Map<string, WorkerEntries>();
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': PK },
    ConsistentRead: true,
  });
  for (const item of items) {
    const id = workerIdOf(item);
    const entries = workers.get(id) ?? { declared: null, heartbeat: null };
    addItem(entries, item, nowSeconds);
    workers.set(id, entries);
  }
  return [...workers.values()].filter((entries) => entries.declared || entries.heartbeat);
}

/** Creates or replaces a declaration, provided it is still as read (`expected`, null: absent). */
export function putDeclaredWorkerWrite(
  worker: DeclaredWorker,
  expected: DeclaredWorker | null,
): AuditedWrite {
  return {
    item: {
      Put: {
        TableName: table(),
        Item: { ...declaredKey(worker.worker_type, worker.instance_id), ...worker },
        ConditionExpression: expected ? 'updated_at = :expected' : 'attribute_not_exists(pk)',
        ...(expected ? { ExpressionAttributeValues: { ':expected': expected.updated_at } } : {}),
      },
    },
    onConditionFailed: () =>
      new ConflictError(
        `Worker ${worker.worker_type}/${worker.instance_id} was changed by someone else meanwhile; read it and try again.`,
      ),
  };
}

/** Removes a worker's declaration (if it is still as read) and its heartbeat registration. */
export function deleteWorkerWrites(
  workerType: WorkerType,
  instanceId: string,
  expected: DeclaredWorker | null,
): AuditedWrite[] {
  const conflict = () =>
    new ConflictError(
      `Worker ${workerType}/${instanceId} was changed by someone else meanwhile; read it and try again.`,
    );
  return [
    {
      item: {
        Delete: {
          TableName: table(),
          Key: declaredKey(workerType, instanceId),
          ConditionExpression: expected ? 'updated_at = :expected' : 'attribute_not_exists(pk)',
          ...(expected ? { ExpressionAttributeValues: { ':expected': expected.updated_at } } : {}),
        },
      },
      onConditionFailed: conflict,
    },
    {
      item: { Delete: { TableName: table(), Key: heartbeatKey(workerType, instanceId) } },
      onConditionFailed: conflict,
    },
  ];
}

const BATCH_WRITE_LIMIT = 25;
const PARALLEL_BATCHES = 4;
const MAX_BATCH_ATTEMPTS = 8;

async function writeBatch(requests: Record<string, unknown>[]): Promise<void> {
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_BATCH_ATTEMPTS) throw new Error('BatchWrite kept returning unprocessed heartbeats');
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
    const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table()]: pending } }));
    pending = (result.UnprocessedItems?.[table()] ?? []) as Record<string, unknown>[];
  }
}

/**
 * Stores heartbeat registrations, one Put each (BatchWrite, 25 at a time), replacing the previous
 * registration of the same worker. Registrations must name distinct workers.
 */
export async function putHeartbeatRegistrations(
  registrations: readonly HeartbeatRegistration[],
): Promise<void> {
  const requests = registrations.map((registration) => ({
    PutRequest: {
      Item: { ...heartbeatKey(registration.worker_type, registration.instance_id), ...registration },
    },
  }));
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    batches.push(requests.slice(start, start + BATCH_WRITE_LIMIT));
  }
  for (let start = 0; start < batches.length; start += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(start, start + PARALLEL_BATCHES).map(writeBatch));
  }
}
