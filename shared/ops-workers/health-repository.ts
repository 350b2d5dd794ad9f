import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import type { HealthTransition, InstanceHealth, StatusCounts, WorkerTypeSummary } from './health-status';

/*
 * Keys (telemetry table):
 *   snapshot header   pk HEALTH#SNAPSHOT            sk META
 *                     generated_at, round_ms, counts, summary
 *   instance health   pk HEALTH#SNAPSHOT            sk I#<worker_type>#<instance_id>
 *                     the InstanceHealth attributes
 *   refresh lease     pk HEALTH#LEASE               sk LEASE
 *                     owner, lease_until (epoch ms), expires_at
 *   transition        pk HEALTH#TRANSITIONS#<UTC day>  sk <at>#<worker_type>#<instance_id or *>
 *                     the HealthTransition attributes, expires_at
 * The snapshot is one partition, read whole with one Query (paged): the fleet is at most a few
 * thousand instances and only the lease holder writes it.
 */
const table = () => tableName('telemetry');
const SNAPSHOT_PK = 'HEALTH#SNAPSHOT';
const META_SK = 'META';
const LEASE_KEY = { pk: 'HEALTH#LEASE', sk: 'LEASE' };
const instanceSk = (workerType: string, instanceId: string) => `I#${workerType}#${instanceId}`;

export interface SnapshotHeader {
  generated_at: string;
  round_ms: number;
  counts: StatusCounts;
  summary: WorkerTypeSummary[];
}

export interface StoredSnapshot {
  header: SnapshotHeader | null;
  instances: InstanceHealth[];
}

const toInstance = (item: Record<string, unknown>): InstanceHealth => ({
  worker_type: item.worker_type as InstanceHealth['worker_type'],
  instance_id: item.instance_id as string,
  criticality: item.criticality as InstanceHealth['criticality'],
  status: item.status as InstanceHealth['status'],
  live: Boolean(item.live),
  ready: Boolean(item.ready),
  last_check: item.last_check as string,
  last_success: (item.last_success as string | null | undefined) ?? null,
  response_time_ms: Number(item.response_time_ms ?? 0),
  consecutive_failures: Number(item.consecutive_failures ?? 0),
  reason: (item.reason as string | null | undefined) ?? null,
  queue_lag: (item.queue_lag as Record<string, number> | null | undefined) ?? null,
  metrics_error: (item.metrics_error as string | null | undefined) ?? null,
});

/** Reads the whole snapshot: its header and every instance's health, in (type, instance) order. */
export async function readHealthSnapshot(): Promise<StoredSnapshot> {
  let header: SnapshotHeader | null = null;
  const instances: InstanceHealth[] = [];
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': SNAPSHOT_PK },
    ConsistentRead: true,
  });
  for (const item of items) {
    if (item.sk === META_SK) {
      header = {
        generated_at: item.generated_at as string,
        round_ms: Number(item.round_ms ?? 0),
        counts: item.counts as StatusCounts,
        summary: (item.summary as WorkerTypeSummary[] | undefined) ?? [],
      };
    } else {
      instances.push(toInstance(item));
    }
  }
  return { header, instances };
}

/** When the snapshot was last generated (null: never); one consistent GetItem. */
export async function readSnapshotGeneratedAt(): Promise<string | null> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: SNAPSHOT_PK, sk: META_SK },
      ConsistentRead: true,
      ProjectionExpression: 'generated_at',
    }),
  );
  return (Item?.generated_at as string | undefined) ?? null;
}

/**
 * Takes the refresh lease unless another owner holds an unexpired one (a conditional write, so
 * that exactly one of many concurrent callers refreshes). True when `owner` now holds it.
 */
export async function acquireRefreshLease(owner: string, now: Date, leaseSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...LEASE_KEY,
          owner,
          lease_until: now.getTime() + leaseSeconds * 1000,
          expires_at: Math.floor(now.getTime() / 1000) + leaseSeconds + 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR lease_until < :now',
        ExpressionAttributeValues: { ':now': now.getTime() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives the lease back, if `owner` still holds it. */
export async function releaseRefreshLease(owner: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: table(),
        Key: LEASE_KEY,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

async function batchWrite(requests: WriteRequest[]): Promise<void> {
  const limit = pLimit(8);
  const chunks: WriteRequest[][] = [];
  for (let offset = 0; offset < requests.length; offset += 25)
    chunks.push(requests.slice(offset, offset + 25));
  await Promise.all(
    chunks.map((chunk) =>
      limit(async () => {
        let pending = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0)
            await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
          if (attempt > 10)
            throw new Error('DynamoDB kept returning unprocessed items for the health snapshot');
          const result = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [table()]: pending } }),
          );
          pending = (result.UnprocessedItems?.[table()] ?? []) as WriteRequest[];
        }
      }),
    ),
  );
}

/**
 * Stores a new round: every instance's health, deletions for instances that left the registry,
 * the transitions (kept `transitionRetentionDays`), then the header, whose `generated_at` tells
 * readers that the round is complete.
 */
export async function writeHealthSnapshot(input: {
  header: SnapshotHeader;
  instances: readonly InstanceHealth[];
  removed: readonly { worker_type: string; instance_id: string }[];
  transitions: readonly HealthTransition[];
  transitionRetentionDays: number;
}): Promise<void> {
  const expiresAt =
    Math.floor(Date.parse(input.header.generated_at) / 1000) + input.transitionRetentionDays * 86_400;
  await batchWrite([
    ...input.instances.map((instance): WriteRequest => ({
      PutRequest: {
        Item: { pk: SNAPSHOT_PK, sk: instanceSk(instance.worker_type, instance.instance_id), ...instance },
      },
    })),
    ...input.removed.map((instance): WriteRequest => ({
      DeleteRequest: { Key: { pk: SNAPSHOT_PK, sk: instanceSk(instance.worker_type, instance.instance_id) } },
    })),
    ...input.transitions.map((transition): WriteRequest => ({
      PutRequest: {
        Item: {
          pk: `HEALTH#TRANSITIONS#${transition.at.slice(0, 10)}`,
          sk: `${transition.at}#${transition.worker_type}#${transition.instance_id ?? '*'}`,
          ...transition,
          expires_at: expiresAt,
        },
      },
    })),
  ]);
  await documentClient.send(
    new PutCommand({ TableName: table(), Item: { pk: SNAPSHOT_PK, sk: META_SK, ...input.header } }),
  );
}

/** The transitions recorded on one UTC day (`YYYY-MM-DD`), oldest first (for alerting). */
export async function listHealthTransitions(day: string): Promise<HealthTransition[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `HEALTH#TRANSITIONS#${day}` },
  });
  return items.map(
    ({ pk: _pk, sk: _sk, expires_at: _expires, ...transition }) => transition as unknown as HealthTransition,
  );
}
