import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../config/env';
import type { DlqEntryInput } from '../ingest/ingest-schemas';

/*
 * Keys (dlq table):
 *   entry     pk TENANT#<tenant>#DLQ#<dlq_id>  sk META
 *             gsi1pk TENANT#<tenant>#DLQ  gsi1sk <failed_at>#<dlq_id>
 *   marker    pk TENANT#<tenant>#DLQEVT#<event_id>  sk MARK  { dlq_id }   (one entry per dead-lettered event)
 */
const table = () => tableName('dlq');

export interface DlqEntry extends DlqEntryInput {
  dlq_id: string;
  status: 'pending';
  /** Where the entry came from: the platform's ingest, or a retry of an earlier entry (later). */
  retried_from: string | null;
  received_at: string;
}

/** Stores a dead-lettered event once; returns false when its event id was already received. */
export async function insertDlqEntry(input: DlqEntryInput, now = new Date()): Promise<boolean> {
  const entry: DlqEntry = {
    ...input,
    dlq_id: `dlq_${ulid()}`,
    status: 'pending',
    retried_from: null,
    received_at: now.toISOString(),
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
                pk: `TENANT#${input.tenant_id}#DLQ#${entry.dlq_id}`,
                sk: 'META',
                gsi1pk: `TENANT#${input.tenant_id}#DLQ`,
                gsi1sk: `${input.failed_at}#${entry.dlq_id}`,
                ...entry,
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return false;
    }
    throw error;
  }
}
