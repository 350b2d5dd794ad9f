import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import canonicalize from 'canonicalize';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import type { ExceptionEvent, ExceptionRecord } from '../ingest/ingest-schemas';

/*
 * Keys (sla table):
 *   exception        pk TENANT#<tenant>#EXC#<exception_id>  sk META
 *                    gsi1pk TENANT#<tenant>#EXC  gsi1sk <created_at>#<exception_id>
 *   exception event  pk TENANT#<tenant>#EXC#<exception_id>  sk EVT#<event_id>   (append-only)
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('sla');
const exceptionPk = (tenantId: string, exceptionId: string) => `TENANT#${tenantId}#EXC#${exceptionId}`;

/** Later statuses win; an update that would move an exception back in this order is stale. */
const STATUS_RANK: Record<ExceptionRecord['status'], number> = {
  OPEN: 0,
  IN_PROGRESS: 1,
  ESCALATED: 2,
  RESOLVED: 3,
  CLOSED: 4,
};

export interface StoredException extends ExceptionRecord {
  sla_deadline: string;
  /** How the deadline was set: sent by the platform, or computed from a policy pack. */
  sla_source: 'reported' | 'policy_pack' | 'platform_default';
  policy_pack_version: number | null;
  content_hash: string;
  updated_at: string;
}

export const contentHashOf = (record: ExceptionRecord & { sla_deadline: string }): string =>
  createHash('sha256')
    .update(canonicalize(record) ?? '')
    .digest('hex');

export async function findException(tenantId: string, exceptionId: string): Promise<StoredException | null> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: exceptionPk(tenantId, exceptionId), sk: 'META' },
      ConsistentRead: true,
    }),
  );
  return (Item as StoredException | undefined) ?? null;
}

export type UpsertOutcome = 'stored' | 'duplicate' | 'stale' | 'raced';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Whether an upsert of `next` over `previous` would change anything (else: duplicate or stale). */
export function upsertWouldChange(next: StoredException, previous: StoredException | null): boolean {
  if (!previous) return true;
  return (
    previous.content_hash !== next.content_hash && STATUS_RANK[next.status] >= STATUS_RANK[previous.status]
  );
}

/**
 * Writes an exception if it is new, or replaces the stored one when the content changed and the
 * status does not move backwards; conditional on the version read, so concurrent writers never
 * lose an update silently (the loser sees 'raced' and re-reads).
 */
export async function upsertException(
  next: StoredException,
  previous: StoredException | null,
  /** Writes that must commit with this upsert or not at all (the SLA bookkeeping of the transition). */
  alongside: readonly TransactItem[] = [],
): Promise<UpsertOutcome> {
  if (previous) {
    if (previous.content_hash === next.content_hash) return 'duplicate';
    if (STATUS_RANK[next.status] < STATUS_RANK[previous.status]) return 'stale';
  }
  const put = {
    TableName: table(),
    Item: {
      pk: exceptionPk(next.tenant_id, next.exception_id),
      sk: 'META',
      gsi1pk: `TENANT#${next.tenant_id}#EXC`,
      gsi1sk: `${next.created_at}#${next.exception_id}`,
      ...next,
    },
    ConditionExpression: previous ? 'content_hash = :previous' : 'attribute_not_exists(pk)',
    ...(previous ? { ExpressionAttributeValues: { ':previous': previous.content_hash } } : {}),
  };
  try {
    if (alongside.length === 0) await documentClient.send(new PutCommand(put));
    else await documentClient.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...alongside] }));
    return 'stored';
  } catch (error) {
    // A failed condition anywhere in the transaction means someone else changed the exception or
    // its SLA state since it was read: the caller re-reads and tries again.
    if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException)
      return 'raced';
    throw error;
  }
}

/** Appends an event to an exception's history once (the event id is the idempotency key). */
export async function appendExceptionEvent(event: ExceptionEvent): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: exceptionPk(event.tenant_id, event.exception_id), sk: `EVT#${event.event_id}`, ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
