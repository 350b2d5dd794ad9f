import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../aws/dynamodb';
import { failedOnCondition } from '../aws/dynamodb-items';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import type { DlqEntryInput } from '../ingest/ingest-schemas';
import { LINEAGE_ATTRIBUTES, dayOf, searchableReason } from './dlq-domain';
import { type DlqStatus } from './dlq-vocabulary';
import {
  DLQ_ID,
  dayIndexPk,
  entryKey,
  entryPk,
  table,
  tenantIndexPk,
  toDlqEntry,
  toDlqOperation,
  type DlqEntry,
  type DlqOperationRecord,
  type TransactItem,
} from './dlq-entities';
import { applyStatsDeltas } from './dlq-stats-repository';

/* Dead-letter entries, their operation events, and the conditional writes of retry and discard. */

/** A DLQ operation event: recorded in the entry's partition and in the tenant's operation feed. */
export function operationPut(
  input: Omit<DlqOperationRecord, 'operation_id' | 'occurred_at'> & { occurred_at?: string },
): TransactItem {
  const operationId = `dlqop_${ulid()}`;
  const occurredAt = input.occurred_at ?? new Date().toISOString();
  const record: DlqOperationRecord = { ...input, operation_id: operationId, occurred_at: occurredAt };
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: entryPk(input.tenant_id, input.dlq_id),
        sk: `OP#${occurredAt}#${operationId}`,
        gsi1pk: `TENANT#${input.tenant_id}#DLQOPS`,
        gsi1sk: `${occurredAt}#${operationId}`,
        ...record,
      },
    },
  };
}

/** The lineage an ingested entry carries in its attributes (set by an earlier retry), if any. */
function lineageOf(input: DlqEntryInput): { retried_from: string; lineage_root: string } | null {
  const from = input.attributes[LINEAGE_ATTRIBUTES.dlqId];
  if (!from || !DLQ_ID.test(from)) return null;
  const root = input.attributes[LINEAGE_ATTRIBUTES.originalDlqId];
  return { retried_from: from, lineage_root: root && DLQ_ID.test(root) ? root : from };
}

/**
 * Stores a dead-lettered event once; returns false when its event id was already received. An
 * event that a retry republished (lineage attributes) is linked to the entry it came from.
 */
export async function insertDlqEntry(input: DlqEntryInput, now = new Date()): Promise<boolean> {
  const lineage = lineageOf(input);
  const receivedAt = now.toISOString();
  const entry: DlqEntry = {
    ...input,
    dlq_id: `dlq_${ulid()}`,
    status: 'pending',
    retried_from: lineage?.retried_from ?? null,
    lineage_root: lineage?.lineage_root ?? null,
    retried_to: [],
    received_at: receivedAt,
    updated_at: receivedAt,
    retry_count: 0,
    claim_token: null,
    claimed_at: null,
    discard_reason: null,
    last_batch_id: null,
  };
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: {
                pk: `TENANT#${input.tenant_id}#DLQEVT#${input.event_id}`,
                sk: 'MARK',
                dlq_id: entry.dlq_id,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table(),
              Item: {
                ...entryKey(input.tenant_id, entry.dlq_id),
                gsi1pk: tenantIndexPk(input.tenant_id),
                gsi1sk: `${input.failed_at}#${entry.dlq_id}`,
                gsi2pk: dayIndexPk(dayOf(input.failed_at)),
                gsi2sk: `${input.failed_at}#${input.tenant_id}#${entry.dlq_id}`,
                failure_reason_search: searchableReason(input.failure_reason),
                ...entry,
              },
            },
          },
          {
            Put: {
              TableName: table(),
              Item: { pk: `DLQID#${entry.dlq_id}`, sk: 'TENANT', tenant_id: input.tenant_id },
            },
          },
          operationPut({
            dlq_id: entry.dlq_id,
            tenant_id: input.tenant_id,
            operation: 'received',
            occurred_at: receivedAt,
            actor: null,
            attempt: input.attempts,
            reason: input.failure_reason,
            batch_id: null,
          }),
        ],
      }),
    );
  } catch (error) {
    if (failedOnCondition(error, 0)) return false;
    throw error;
  }
  await applyStatsDeltas([
    {
      tenant_id: input.tenant_id,
      day: dayOf(input.failed_at),
      received: 1,
      status: { pending: 1 },
      event_type: input.event_type,
    },
  ]);
  if (lineage) await linkRetriedTo(input.tenant_id, lineage.retried_from, entry.dlq_id);
  return true;
}

/** Records on an earlier entry of the same tenant that a later entry came back from its retry. */
async function linkRetriedTo(tenantId: string, earlierId: string, laterId: string): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: entryKey(tenantId, earlierId),
        UpdateExpression: 'SET retried_to = list_append(if_not_exists(retried_to, :empty), :later)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':empty': [], ':later': [laterId] },
      }),
    );
  } catch (error) {
    // An attribute naming an entry this tenant does not have is ignored, not trusted.
    if (!failedOnCondition(error)) throw error;
  }
}

/** The tenant an entry id belongs to (platform principals address entries by id alone). */
export async function findDlqEntryTenant(dlqId: string): Promise<string | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: `DLQID#${dlqId}`, sk: 'TENANT' } }),
  );
  return (Item?.tenant_id as string | undefined) ?? null;
}

/** Reads one entry of a tenant, or null. */
export async function findDlqEntry(tenantId: string, dlqId: string): Promise<DlqEntry | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: entryKey(tenantId, dlqId), ConsistentRead: true }),
  );
  return Item ? toDlqEntry(Item) : null;
}

/** An entry's operation events, oldest first (its attempt history). */
export async function listDlqOperations(tenantId: string, dlqId: string): Promise<DlqOperationRecord[]> {
  const operations: DlqOperationRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :op)',
        ExpressionAttributeValues: { ':pk': entryPk(tenantId, dlqId), ':op': 'OP#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    operations.push(...(page.Items ?? []).map(toDlqOperation));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Retry, discard

/**
 * Claims an entry for a retry (pending → retrying), provided it is still as read: of two
 * concurrent retries only one claim commits, so only one publishes.
 */
export function claimRetryWrite(
  entry: DlqEntry,
  claim: { token: string; at: string; batchId: string | null },
  onConditionFailed: () => Error,
): AuditedWrite {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entryKey(entry.tenant_id, entry.dlq_id),
        UpdateExpression:
          'SET #status = :retrying, claim_token = :token, claimed_at = :at, updated_at = :at, retry_count = :next, last_batch_id = :batch',
        ConditionExpression: 'updated_at = :read AND retry_count = :count',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':retrying': 'retrying',
          ':token': claim.token,
          ':at': claim.at,
          ':next': entry.retry_count + 1,
          ':batch': claim.batchId,
          ':read': entry.updated_at,
          ':count': entry.retry_count,
        },
      },
    },
    onConditionFailed,
  };
}

export interface RetryOutcome {
  outcome: 'succeeded' | 'failed';
  reason: string | null;
  /** The status the entry ends in. */
  status: DlqStatus;
}

/** Records a retry's outcome on an entry still held by this claim. */
export function recordOutcomeWrite(
  entry: DlqEntry,
  claimToken: string,
  outcome: RetryOutcome,
  at: string,
  onConditionFailed: () => Error,
): AuditedWrite {
  const failed = outcome.outcome === 'failed';
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entryKey(entry.tenant_id, entry.dlq_id),
        UpdateExpression: failed
          ? 'SET #status = :status, updated_at = :at, failure_reason = :reason, failure_reason_search = :search, claim_token = :null, claimed_at = :null ADD attempts :one'
          : 'SET #status = :status, updated_at = :at, claim_token = :null, claimed_at = :null',
        ConditionExpression: '#status = :retrying AND claim_token = :token',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':at': at,
          ':null': null,
          ':retrying': 'retrying',
          ':token': claimToken,
          ...(failed
            ? { ':reason': outcome.reason, ':search': searchableReason(outcome.reason ?? ''), ':one': 1 }
            : {}),
        },
      },
    },
    onConditionFailed,
  };
}

/** Discards an entry (pending or failed → discarded), provided it is still as read. */
export function discardWrite(
  entry: DlqEntry,
  reason: string,
  at: string,
  onConditionFailed: () => Error,
): AuditedWrite {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: entryKey(entry.tenant_id, entry.dlq_id),
        UpdateExpression: 'SET #status = :discarded, discard_reason = :reason, updated_at = :at',
        ConditionExpression: 'updated_at = :read AND #status = :was',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':discarded': 'discarded',
          ':reason': reason,
          ':at': at,
          ':read': entry.updated_at,
          ':was': entry.status,
        },
      },
    },
    onConditionFailed,
  };
}

/** An operation event as an audited write (it has no condition). */
export const operationWrite = (item: TransactItem): AuditedWrite => ({
  item,
  onConditionFailed: () => new Error('an operation event cannot conflict'),
});
