import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../aws/dynamodb';
import type { AuditedWrite } from '../audit/audit-repository';
import { tableName } from '../config/env';
import { InvalidCursorError } from '../http/errors';
import type { DlqEntryInput } from '../ingest/ingest-schemas';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { DESTINATION_KINDS } from '../registry/destination-address';
import {
  LINEAGE_ATTRIBUTES,
  dayOf,
  daysBetween,
  searchableReason,
  type DlqOperation,
  type DlqStatus,
} from './dlq-domain';
import type { DlqFilter } from './dlq-schemas';

/*
 * Keys (dlq table):
 *   entry      pk TENANT#<tenant>#DLQ#<dlq_id>  sk META
 *              gsi1pk TENANT#<tenant>#DLQ  gsi1sk <failed_at>#<dlq_id>            (a tenant's entries by time)
 *              gsi2pk DLQDAY#<failed day>  gsi2sk <failed_at>#<tenant>#<dlq_id>  (all tenants, one partition a day)
 *   operation  pk TENANT#<tenant>#DLQ#<dlq_id>  sk OP#<occurred_at>#<operation_id>
 *              gsi1pk TENANT#<tenant>#DLQOPS  gsi1sk <occurred_at>#<operation_id>  (the operation event feed)
 *   marker     pk TENANT#<tenant>#DLQEVT#<event_id>  sk MARK  { dlq_id }   (one entry per dead-lettered event)
 *   id pointer pk DLQID#<dlq_id>  sk TENANT  { tenant_id }                 (platform principals name ids only)
 *   batch      pk DLQBATCH#<batch_id>  sk META  { total, done, failed, skipped, … }
 *   batch skip pk DLQBATCH#<batch_id>  sk SKIP#<tenant>#<dlq_id>          (counts a skipped entry once)
 *   confirm    pk DLQCONFIRM#<token>  sk META  { filter, count, key_id, expires_at }
 *   stats      pk TENANT#<tenant>#DLQSTATS  sk DAY#<day>
 *              gsi1pk DLQSTATS  gsi1sk <day>#<tenant>  { received, status_<s>, et:<event_type> }
 */
const table = () => tableName('dlq');
const entryPk = (tenantId: string, dlqId: string) => `TENANT#${tenantId}#DLQ#${dlqId}`;
const entryKey = (tenantId: string, dlqId: string) => ({ pk: entryPk(tenantId, dlqId), sk: 'META' });
const tenantIndexPk = (tenantId: string) => `TENANT#${tenantId}#DLQ`;
const dayIndexPk = (day: string) => `DLQDAY#${day}`;
const batchKey = (batchId: string) => ({ pk: `DLQBATCH#${batchId}`, sk: 'META' });
/** Progress counters live per chunk, so concurrent chunks never contend for one item. */
const chunkKey = (batchId: string, chunk: number) => ({
  pk: `DLQBATCH#${batchId}`,
  sk: `CHUNK#${String(chunk).padStart(6, '0')}`,
});
const DLQ_ID = /^dlq_[0-9A-HJKMNP-TV-Z]{26}$/;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface DlqActor {
  key_id: string;
  name: string;
  role: string;
}

export interface DlqEntry extends DlqEntryInput {
  dlq_id: string;
  status: DlqStatus;
  /** Where the entry came from: the platform's ingest (null), or the entry whose retry failed again. */
  retried_from: string | null;
  /** The first entry of the lineage (this one when it has no ancestor). */
  lineage_root: string | null;
  /** Later entries that came back after this one was retried. */
  retried_to: string[];
  received_at: string;
  updated_at: string;
  retry_count: number;
  claim_token: string | null;
  claimed_at: string | null;
  discard_reason: string | null;
  last_batch_id: string | null;
}

export interface DlqOperationRecord {
  operation_id: string;
  dlq_id: string;
  tenant_id: string;
  operation: DlqOperation;
  occurred_at: string;
  actor: DlqActor | null;
  attempt: number | null;
  reason: string | null;
  batch_id: string | null;
}

export const toDlqEntry = (item: Record<string, unknown>): DlqEntry => ({
  event_id: item.event_id as string,
  tenant_id: item.tenant_id as string,
  event_type: item.event_type as string,
  destination: item.destination as DlqEntry['destination'],
  payload: item.payload as DlqEntry['payload'],
  attributes: (item.attributes ?? {}) as Record<string, string>,
  failure_reason: item.failure_reason as string,
  attempts: item.attempts as number,
  failed_at: item.failed_at as string,
  worker_type: item.worker_type as DlqEntry['worker_type'],
  dlq_id: item.dlq_id as string,
  status: item.status as DlqStatus,
  retried_from: (item.retried_from ?? null) as string | null,
  lineage_root: (item.lineage_root ?? null) as string | null,
  retried_to: (item.retried_to ?? []) as string[],
  received_at: item.received_at as string,
  updated_at: (item.updated_at ?? item.received_at) as string,
  retry_count: (item.retry_count ?? 0) as number,
  claim_token: (item.claim_token ?? null) as string | null,
  claimed_at: (item.claimed_at ?? null) as string | null,
  discard_reason: (item.discard_reason ?? null) as string | null,
  last_batch_id: (item.last_batch_id ?? null) as string | null,
});

const toOperation = (item: Record<string, unknown>): DlqOperationRecord => ({
  operation_id: item.operation_id as string,
  dlq_id: item.dlq_id as string,
  tenant_id: item.tenant_id as string,
  operation: item.operation as DlqOperation,
  occurred_at: item.occurred_at as string,
  actor: (item.actor ?? null) as DlqActor | null,
  attempt: (item.attempt ?? null) as number | null,
  reason: (item.reason ?? null) as string | null,
  batch_id: (item.batch_id ?? null) as string | null,
});

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
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return false;
    }
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
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
    operations.push(...(page.Items ?? []).map(toOperation));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Listing

interface FilterExpression {
  expression?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function filterExpression(filter: DlqFilter): FilterExpression {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    clauses.push(`#${attribute} = :${attribute}`);
  };
  equal('status', filter.status);
  equal('event_type', filter.event_type);
  equal('worker_type', filter.worker_type);
  if (filter.destination !== undefined) {
    const isKind = (DESTINATION_KINDS as readonly string[]).includes(filter.destination);
    names['#destination'] = 'destination';
    names['#field'] = isKind ? 'kind' : 'address';
    values[':destination'] = filter.destination;
    clauses.push('#destination.#field = :destination');
  }
  if (filter.q !== undefined) {
    names['#search'] = 'failure_reason_search';
    values[':q'] = filter.q.toLowerCase();
    clauses.push('contains(#search, :q)');
  }
  return { expression: clauses.length ? clauses.join(' AND ') : undefined, names, values };
}

/** Where a listing reads: one tenant's index partition, or every tenant's day partitions. */
export type DlqListScope = { tenantId: string } | { days: string[] };

const MAX_QUERIES_PER_PAGE = 25;

/**
 * Lists entries newest first with combinable filters. A tenant's listing reads its gsi1
 * partition; a cross-tenant listing walks the gsi2 day partitions from `to` back to `from`.
 * Filters run on the server; a page may hold fewer than `limit` items when the filters are
 * narrow (the cursor then continues the walk).
 */
export async function listDlqEntries(
  scope: DlqListScope,
  filter: DlqFilter,
  options: { cursor?: string; limit: number; keysOnly?: boolean },
): Promise<Page<DlqEntry>> {
  const lower = filter.from ?? '0000';
  const upper = `${filter.to ?? '9999'}~`;
  const { expression, names, values } = filterExpression(filter);
  const tenantScope = 'tenantId' in scope;
  const partitions = tenantScope ? [tenantIndexPk(scope.tenantId)] : scope.days.map(dayIndexPk);
  const indexName = tenantScope ? 'gsi1' : 'gsi2';
  const partitionAttribute = tenantScope ? 'gsi1pk' : 'gsi2pk';
  const sortAttribute = tenantScope ? 'gsi1sk' : 'gsi2sk';

  let partitionIndex = 0;
  let startKey: Record<string, unknown> | undefined;
  if (options.cursor !== undefined) {
    const decoded = tenantScope
      ? decodeCursor(options.cursor, { gsi1pk: partitions[0] })
      : decodeCursor(options.cursor, {});
    partitionIndex = partitions.indexOf(decoded?.[partitionAttribute] as string);
    if (partitionIndex < 0) throw new InvalidCursorError('The cursor belongs to a different listing.');
    // A cursor holding only the partition starts that partition from its newest item.
    startKey = decoded && decoded[sortAttribute] !== undefined ? decoded : undefined;
  }

  const items: DlqEntry[] = [];
  let queries = 0;
  while (partitionIndex < partitions.length) {
    const partition = partitions[partitionIndex]!;
    const result = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName,
        KeyConditionExpression: `${partitionAttribute} = :partition AND ${sortAttribute} BETWEEN :lower AND :upper`,
        ...(expression ? { FilterExpression: expression } : {}),
        ...(options.keysOnly
          ? { ProjectionExpression: `pk, sk, ${partitionAttribute}, ${sortAttribute}, tenant_id, dlq_id` }
          : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: { ':partition': partition, ':lower': lower, ':upper': upper, ...values },
        ScanIndexForward: false,
        Limit: 200,
        ExclusiveStartKey: startKey,
      }),
    );
    queries += 1;
    for (const item of result.Items ?? []) {
      items.push(toDlqEntry(item));
      if (items.length === options.limit) {
        const isLastOfPage = item === result.Items![result.Items!.length - 1];
        if (isLastOfPage && !result.LastEvaluatedKey) {
          // The partition is exhausted: continue with the next one, if any.
          const next = partitions[partitionIndex + 1];
          return { items, next_cursor: next ? encodeCursor({ [partitionAttribute]: next }) : null };
        }
        // Cut inside the partition: the next page starts after this item.
        return {
          items,
          next_cursor: encodeCursor({
            pk: item.pk as string,
            sk: item.sk as string,
            [partitionAttribute]: partition,
            [sortAttribute]: item[sortAttribute] as string,
          }),
        };
      }
    }
    if (result.LastEvaluatedKey) {
      startKey = result.LastEvaluatedKey;
    } else {
      partitionIndex += 1;
      startKey = undefined;
    }
    if (queries >= MAX_QUERIES_PER_PAGE && partitionIndex < partitions.length) {
      return {
        items,
        next_cursor: encodeCursor(startKey ?? { [partitionAttribute]: partitions[partitionIndex]! }),
      };
    }
  }
  return { items, next_cursor: null };
}

/** Every UTC day of a cross-tenant listing, newest first. */
export const listingDays = (from: string, to: string): string[] => daysBetween(from, to).reverse();

// ---------------------------------------------------------------------------------------------
// Retry, discard

const statusChange = (from: DlqStatus, to: DlqStatus) =>
  from === to ? {} : ({ [from]: -1, [to]: 1 } as Partial<Record<DlqStatus, number>>);

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

// ---------------------------------------------------------------------------------------------
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
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    ) {
      return;
    }
    throw error;
  }
}

export interface DlqBatchRecord {
  batch_id: string;
  /** The tenant a tenant principal's batch is confined to; null for a platform batch. */
  scope_tenant_id: string | null;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  not_found: string[];
  created_at: string;
  created_by: DlqActor;
  selection: Record<string, unknown>;
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
    batch_id: meta.batch_id as string,
    scope_tenant_id: (meta.scope_tenant_id ?? null) as string | null,
    total: meta.total as number,
    done: sum('done_count'),
    failed: sum('failed_count'),
    skipped: sum('skipped_count'),
    not_found: (meta.not_found ?? []) as string[],
    created_at: meta.created_at as string,
    created_by: meta.created_by as DlqActor,
    selection: (meta.selection ?? {}) as Record<string, unknown>,
  };
}

export interface DlqConfirmation {
  token: string;
  key_id: string;
  scope_tenant_id: string | null;
  filter: DlqFilter;
  count: number;
  expires_at: string;
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
    return {
      token,
      key_id: Attributes.key_id as string,
      scope_tenant_id: (Attributes.scope_tenant_id ?? null) as string | null,
      filter: Attributes.filter as DlqFilter,
      count: Attributes.count as number,
      expires_at: Attributes.expires_at_iso as string,
    };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics: per tenant and failure day, counters kept up to date on every change

export interface StatsDelta {
  tenant_id: string;
  day: string;
  received?: number;
  status?: Partial<Record<DlqStatus, number>>;
  event_type?: string;
}

/** Status counter deltas for one transition. */
export const statusDelta = (
  entry: Pick<DlqEntry, 'tenant_id' | 'failed_at'>,
  from: DlqStatus,
  to: DlqStatus,
): StatsDelta => ({
  tenant_id: entry.tenant_id,
  day: dayOf(entry.failed_at),
  status: statusChange(from, to),
});

/**
 * Adds counter deltas, merged per tenant and day (one UpdateItem each). They are applied after the
 * change committed; a crash in between leaves a counter off by one, never an entry lost.
 */
export async function applyStatsDeltas(deltas: readonly StatsDelta[]): Promise<void> {
  const merged = new Map<string, Map<string, number>>();
  for (const delta of deltas) {
    const key = `${delta.tenant_id}\u0000${delta.day}`;
    const counters = merged.get(key) ?? new Map<string, number>();
    merged.set(key, counters);
    const add = (name: string, amount: number) => counters.set(name, (counters.get(name) ?? 0) + amount);
    if (delta.received) add('received', delta.received);
    for (const [status, amount] of Object.entries(delta.status ?? {})) add(`status_${status}`, amount);
    if (delta.event_type && delta.received) add(`et:${delta.event_type}`, delta.received);
  }
  for (const [key, counters] of merged) {
    const changes = [...counters].filter(([, amount]) => amount !== 0);
    if (changes.length === 0) continue;
    const [tenantId, day] = key.split('\u0000') as [string, string];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':tenant': tenantId,
      ':day': day,
      ':gsi1pk': 'DLQSTATS',
      ':gsi1sk': `${day}#${tenantId}`,
    };
    changes.forEach(([name, amount], index) => {
      names[`#c${index}`] = name;
      values[`:c${index}`] = amount;
    });
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `TENANT#${tenantId}#DLQSTATS`, sk: `DAY#${day}` },
        UpdateExpression: `SET tenant_id = :tenant, #day = :day, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk ADD ${changes.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
        ExpressionAttributeNames: { ...names, '#day': 'day' },
        ExpressionAttributeValues: values,
      }),
    );
  }
}

export interface DayCounters {
  tenant_id: string;
  day: string;
  counters: Record<string, number>;
}

/** The counters of [fromDay, toDay] for one tenant, or for all tenants (platform). */
export async function readDayCounters(
  tenantId: string | null,
  fromDay: string,
  toDay: string,
): Promise<DayCounters[]> {
  const rows: DayCounters[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand(
        tenantId
          ? {
              TableName: table(),
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: {
                ':pk': `TENANT#${tenantId}#DLQSTATS`,
                ':lower': `DAY#${fromDay}`,
                ':upper': `DAY#${toDay}`,
              },
              ExclusiveStartKey: startKey,
            }
          : {
              TableName: table(),
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: { ':pk': 'DLQSTATS', ':lower': fromDay, ':upper': `${toDay}~` },
              ExclusiveStartKey: startKey,
            },
      ),
    );
    for (const item of page.Items ?? []) {
      const counters: Record<string, number> = {};
      for (const [name, value] of Object.entries(item)) {
        if (
          typeof value === 'number' &&
          (name === 'received' || name.startsWith('status_') || name.startsWith('et:'))
        ) {
          counters[name] = value;
        }
      }
      rows.push({ tenant_id: item.tenant_id as string, day: item.day as string, counters });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return rows;
}
