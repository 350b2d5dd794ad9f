import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../aws/dynamodb';
import { failedOnCondition } from '../aws/dynamodb-items';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import {
  claimRetryWrite,
  findDlqEntry,
  operationPut,
  recordOutcomeWrite,
  type RetryOutcome,
} from './dlq-entry-repository';
import {
  batchKey,
  chunkKey,
  entryKey,
  entryPk,
  table,
  toDlqBatchMeta,
  toDlqConfirmation,
  toDlqEntry,
  type DlqBatchMeta,
  type DlqConfirmation,
  type DlqEntry,
  type TransactItem,
} from './dlq-entities';

// Batch retries (not audited per entry: the batch is the audited operation)

export interface BatchClaims {
  claimed: { entry: DlqEntry; token: string }[];
  /** Entries that could not be claimed, as they are now (null: no such entry). */
  unclaimed: { tenant_id: string; dlq_id: string; entry: DlqEntry | null }[];
}

/**
 * Claims a chunk's entries for a batch: one consistent BatchGetItem, the status machine's check
 * (`isRetryable`), then conditional claims in transactions of 25 on what was read. An entry whose
 * claim condition fails (changed meanwhile, e.g. a concurrent single retry) is not claimed, so it
 * is never published twice.
 */
export async function claimEntriesForBatch(
  keys: readonly { tenant_id: string; dlq_id: string }[],
  batchId: string,
  at: string,
  isRetryable: (entry: DlqEntry) => boolean,
): Promise<BatchClaims> {
  const found = new Map<string, DlqEntry>();
  let pending = keys.map((key) => entryKey(key.tenant_id, key.dlq_id));
  while (pending.length > 0) {
    const response = await documentClient.send(
      new BatchGetCommand({
        RequestItems: { [table()]: { Keys: pending.slice(0, 100), ConsistentRead: true } },
      }),
    );
    for (const item of response.Responses?.[table()] ?? []) found.set(item.pk as string, toDlqEntry(item));
    pending = [
      ...((response.UnprocessedKeys?.[table()]?.Keys ?? []) as { pk: string; sk: string }[]),
      ...pending.slice(100),
    ];
  }
  const result: BatchClaims = { claimed: [], unclaimed: [] };
  const candidates: { entry: DlqEntry; token: string }[] = [];
  for (const key of keys) {
    const entry = found.get(entryPk(key.tenant_id, key.dlq_id)) ?? null;
    if (entry && isRetryable(entry)) candidates.push({ entry, token: `${batchId}:${ulid()}` });
    else result.unclaimed.push({ ...key, entry });
  }
  const claimedEntry = (entry: DlqEntry, token: string): DlqEntry => ({
    ...entry,
    status: 'retrying',
    retry_count: entry.retry_count + 1,
    claim_token: token,
    claimed_at: at,
    updated_at: at,
    last_batch_id: batchId,
  });
  for (let group of chunkOf(candidates, 25)) {
    for (let tries = 1; group.length > 0; tries++) {
      try {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: group.map(
              ({ entry, token }) =>
                claimRetryWrite(entry, { token, at, batchId }, () => new Error('claimed meanwhile')).item,
            ),
          }),
        );
        result.claimed.push(
          ...group.map(({ entry, token }) => ({ entry: claimedEntry(entry, token), token })),
        );
        group = [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const lost = group.filter((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
        if (lost.length === 0 && tries >= 8) throw error;
        for (const { entry } of lost) {
          result.unclaimed.push({
            tenant_id: entry.tenant_id,
            dlq_id: entry.dlq_id,
            entry: await findDlqEntry(entry.tenant_id, entry.dlq_id),
          });
        }
        group = group.filter((candidate) => !lost.includes(candidate));
        if (lost.length === 0)
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * tries));
      }
    }
  }
  return result;
}

const chunkOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

export interface BatchOutcome {
  entry: DlqEntry;
  claimToken: string;
  outcome: RetryOutcome;
}

/**
 * Records the outcomes of up to 10 entries of one batch and adds them to the batch's counters in
 * one transaction, so a redelivered chunk never counts an entry twice (the claim token condition
 * fails). Falls back to one transaction per entry when any condition fails.
 */
export async function recordBatchOutcomes(
  batchId: string,
  chunk: number,
  outcomes: readonly BatchOutcome[],
  at: string,
): Promise<void> {
  const counters = (list: readonly BatchOutcome[]) => ({
    done: list.filter((o) => o.outcome.outcome === 'succeeded').length,
    failed: list.filter((o) => o.outcome.outcome === 'failed').length,
  });
  const writeFor = (list: readonly BatchOutcome[]): TransactItem[] => {
    const { done, failed } = counters(list);
    return [
      ...list.flatMap((o) => [
        recordOutcomeWrite(o.entry, o.claimToken, o.outcome, at, () => new Error('claim lost')).item,
        operationPut({
          dlq_id: o.entry.dlq_id,
          tenant_id: o.entry.tenant_id,
          operation: o.outcome.outcome === 'succeeded' ? 'retry_succeeded' : 'retry_failed',
          occurred_at: at,
          actor: null,
          attempt: o.entry.retry_count,
          reason: o.outcome.reason,
          batch_id: batchId,
        }),
      ]),
      {
        Update: {
          TableName: table(),
          Key: chunkKey(batchId, chunk),
          UpdateExpression: 'ADD done_count :done, failed_count :failed',
          ExpressionAttributeValues: { ':done': done, ':failed': failed },
        },
      },
    ];
  };
  const attempt = async (list: readonly BatchOutcome[]) => {
    for (let tries = 1; ; tries++) {
      try {
        await documentClient.send(new TransactWriteCommand({ TransactItems: writeFor(list) }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const conditionFailed = (error.CancellationReasons ?? []).some(
          (r) => r.Code === 'ConditionalCheckFailed',
        );
        if (conditionFailed) return false;
        if (tries >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * tries));
      }
    }
  };
  if (outcomes.length === 0) return;
  if (await attempt(outcomes)) return;
  // Some entry's claim was taken over (lease expired): record the others one by one.
  for (const outcome of outcomes) await attempt([outcome]);
}

/** Counts an entry a batch could not retry (not pending, or gone), once per batch. */
export async function recordBatchSkip(
  batchId: string,
  chunk: number,
  tenantId: string,
  dlqId: string,
): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: `DLQBATCH#${batchId}`, sk: `SKIP#${tenantId}#${dlqId}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: chunkKey(batchId, chunk),
              UpdateExpression: 'ADD skipped_count :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (failedOnCondition(error, 0)) return;
    throw error;
  }
}

/** A batch with its progress, summed from its chunks' counters. */
export interface DlqBatchRecord extends DlqBatchMeta {
  done: number;
  failed: number;
  skipped: number;
}

/** Creates the batch record (its audit record commits with it). */
export function createBatchWrite(batch: DlqBatchRecord): AuditedWrite {
  return {
    item: {
      Put: {
        TableName: table(),
        Item: {
          ...batchKey(batch.batch_id),
          batch_id: batch.batch_id,
          scope_tenant_id: batch.scope_tenant_id,
          total: batch.total,
          not_found: batch.not_found,
          created_at: batch.created_at,
          created_by: batch.created_by,
          selection: batch.selection,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new Error(`batch ${batch.batch_id} exists`),
  };
}

/** Reads a batch and sums its chunks' counters (one Query), or null. */
export async function findBatch(batchId: string): Promise<DlqBatchRecord | null> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :chunks AND :meta',
        ExpressionAttributeValues: { ':pk': `DLQBATCH#${batchId}`, ':chunks': 'CHUNK#', ':meta': 'META' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const meta = items.find((item) => item.sk === 'META');
  if (!meta) return null;
  const sum = (name: string) =>
    items.reduce((total, item) => total + (typeof item[name] === 'number' ? (item[name] as number) : 0), 0);
  return {
    ...toDlqBatchMeta(meta),
    done: sum('done_count'),
    failed: sum('failed_count'),
    skipped: sum('skipped_count'),
  };
}

/** Stores a filter batch's confirmation token (DynamoDB TTL removes it later). */
export async function putConfirmation(confirmation: DlqConfirmation): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: `DLQCONFIRM#${confirmation.token}`,
        sk: 'META',
        ...confirmation,
        expires_at: Math.ceil(Date.parse(confirmation.expires_at) / 1000),
        expires_at_iso: confirmation.expires_at,
      },
    }),
  );
}

/**
 * Takes a confirmation token (once: the delete is conditional), or null when unknown or issued to
 * another key.
 */
export async function takeConfirmation(token: string, keyId: string): Promise<DlqConfirmation | null> {
  try {
    const { Attributes } = await documentClient.send(
      new DeleteCommand({
        TableName: table(),
        Key: { pk: `DLQCONFIRM#${token}`, sk: 'META' },
        ConditionExpression: 'attribute_exists(pk) AND key_id = :key',
        ExpressionAttributeValues: { ':key': keyId },
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) return null;
    return toDlqConfirmation(Attributes);
  } catch (error) {
    if (failedOnCondition(error)) return null;
    throw error;
  }
}
