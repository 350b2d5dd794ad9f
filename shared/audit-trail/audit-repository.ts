import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import {
  ChainVerifier,
  chainRecord,
  type AuditEventInput,
  type AuditRecord,
  type ChainVerification,
} from './audit-chain';

/*
 * Keys (audit table):
 *   record        pk TENANT#<chain>  sk SEQ#<seq, 12 digits>   gsi1pk TENANT#<chain>  gsi1sk <occurred_at>#<seq>
 *   chain head    pk TENANT#<chain>  sk HEAD                    { seq, hash }
 *   verification  pk TENANT#<chain>  sk VERIFICATION            { last result of the scheduled verifier }
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('audit');
const chainPk = (chain: string) => `TENANT#${chain}`;
const seqSk = (seq: number) => `SEQ#${String(seq).padStart(12, '0')}`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A domain write that commits atomically with its audit record. */
export interface AuditedWrite {
  readonly item: TransactItem;
  /** The error to raise when this write's condition fails (e.g. a ConflictError). */
  readonly onConditionFailed: () => Error;
}

const MAX_APPEND_ATTEMPTS = 8;

interface ChainHead {
  seq: number;
  hash: string;
}

async function readHead(chain: string): Promise<ChainHead | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: chainPk(chain), sk: 'HEAD' }, ConsistentRead: true }),
  );
  return Item ? { seq: Item.seq as number, hash: Item.hash as string } : null;
}

/**
 * Applies `writes` and appends the audit record in one DynamoDB transaction, so a change is never
 * recorded without its audit event or the other way round. Concurrent appends to one chain race on
 * the head's sequence number; the loser re-reads the head and tries again.
 */
export async function commitWithAudit(
  input: AuditEventInput,
  writes: readonly AuditedWrite[] = [],
): Promise<AuditRecord> {
  const chain = input.tenant_id;
  for (let attempt = 1; ; attempt++) {
    const head = await readHead(chain);
    const record = chainRecord(input, head, ulid(), new Date().toISOString());
    const headWrite: TransactItem = {
      Put: {
        TableName: table(),
        Item: { pk: chainPk(chain), sk: 'HEAD', seq: record.seq, hash: record.hash },
        ConditionExpression: head ? 'seq = :expected' : 'attribute_not_exists(pk)',
        ...(head ? { ExpressionAttributeValues: { ':expected': head.seq } } : {}),
      },
    };
    const recordWrite: TransactItem = {
      Put: {
        TableName: table(),
        Item: {
          pk: chainPk(chain),
          sk: seqSk(record.seq),
          gsi1pk: chainPk(chain),
          gsi1sk: `${record.occurred_at}#${String(record.seq).padStart(12, '0')}`,
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await documentClient.send(
        new TransactWriteCommand({ TransactItems: [...writes.map((w) => w.item), recordWrite, headWrite] }),
      );
      return record;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedWrite = writes.findIndex((_, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
      if (failedWrite >= 0) throw writes[failedWrite]!.onConditionFailed();
      // Lost the race for the chain head (or a transaction conflict): retry with the new head.
      if (attempt >= MAX_APPEND_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

const toRecord = (item: Record<string, unknown>): AuditRecord => ({
  tenant_id: item.tenant_id as string,
  seq: item.seq as number,
  event_id: item.event_id as string,
  occurred_at: item.occurred_at as string,
  actor: item.actor as AuditRecord['actor'],
  action: item.action as string,
  resource: item.resource as AuditRecord['resource'],
  before: (item.before ?? null) as AuditRecord['before'],
  after: (item.after ?? null) as AuditRecord['after'],
  request_id: item.request_id as string,
  prev_hash: item.prev_hash as string,
  hash: item.hash as string,
});

/** Lists one chain's events, newest first, optionally within [from, to]. */
export async function listAuditEvents(
  chain: string,
  options: { from?: string; to?: string; cursor?: string; limit: number },
): Promise<Page<AuditRecord>> {
  const lower = options.from ?? '0000';
  // '~' sorts after every digit and '#', so `to` is inclusive of its whole second.
  const upper = `${options.to ?? '9999'}~`;
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': chainPk(chain), ':lower': lower, ':upper': upper },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { gsi1pk: chainPk(chain) }),
    }),
  );
  return {
    items: (result.Items ?? []).map(toRecord),
    next_cursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** Reads one chain in sequence order and verifies every link against the head. */
export async function verifyAuditChain(chain: string): Promise<ChainVerification> {
  const verifier = new ChainVerifier(chain);
  const head = await readHead(chain);
  let startKey: Record<string, unknown> | undefined;
  reading: do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
        ExpressionAttributeValues: { ':pk': chainPk(chain), ':seq': 'SEQ#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (!verifier.accept(toRecord(item))) break reading;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return verifier.finish(head);
}

/** Records the outcome of the scheduled verification of one chain. */
export async function saveVerification(result: ChainVerification, verifiedAt: string): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: chainPk(result.tenant_id), sk: 'VERIFICATION', ...result, verified_at: verifiedAt },
    }),
  );
}
