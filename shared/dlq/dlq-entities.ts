import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { itemMapper, nullable, withDefault } from '../aws/dynamodb-items';
import { DESTINATION_KINDS, WORKER_TYPES } from '../platform/platform-vocabulary';
import { tableName } from '../settings/env';
import { DLQ_OPERATIONS, DLQ_STATUSES } from './dlq-vocabulary';
import { dlqFilterSchema } from './dlq-schemas';

/*
 * The DLQ's entities: key builders, item schemas and mappers, in one place.
 *
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
export const table = () => tableName('dlq');
export const entryPk = (tenantId: string, dlqId: string) => `TENANT#${tenantId}#DLQ#${dlqId}`;
export const entryKey = (tenantId: string, dlqId: string) => ({ pk: entryPk(tenantId, dlqId), sk: 'META' });
export const tenantIndexPk = (tenantId: string) => `TENANT#${tenantId}#DLQ`;
export const dayIndexPk = (day: string) => `DLQDAY#${day}`;
export const batchKey = (batchId: string) => ({ pk: `DLQBATCH#${batchId}`, sk: 'META' });
/** Progress counters live per chunk, so concurrent chunks never contend for one item. */
export const chunkKey = (batchId: string, chunk: number) => ({
  pk: `DLQBATCH#${batchId}`,
  sk: `CHUNK#${String(chunk).padStart(6, '0')}`,
});
export const DLQ_ID = /^dlq_[0-9A-HJKMNP-TV-Z]{26}$/;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const actorSchema = z.object({ key_id: z.string(), name: z.string(), role: z.string() });

const dlqEntryItemSchema = z
  .object({
    event_id: z.string(),
    tenant_id: z.string(),
    event_type: z.string(),
    destination: z.object({ kind: z.enum(DESTINATION_KINDS), address: z.string() }),
    payload: z.unknown(),
    attributes: withDefault(z.record(z.string(), z.string()), {}),
    failure_reason: z.string(),
    attempts: z.number(),
    failed_at: z.string(),
    worker_type: z.enum(WORKER_TYPES),
    dlq_id: z.string(),
    status: z.enum(DLQ_STATUSES),
    /** Where the entry came from: the platform's ingest (null), or the entry whose retry failed again. */
    retried_from: nullable(z.string()),
    /** The first entry of the lineage (this one when it has no ancestor). */
    lineage_root: nullable(z.string()),
    /** Later entries that came back after this one was retried. */
    retried_to: withDefault(z.array(z.string()), []),
    received_at: z.string(),
    updated_at: z.string().optional(),
    retry_count: withDefault(z.number(), 0),
    claim_token: nullable(z.string()),
    claimed_at: nullable(z.string()),
    discard_reason: nullable(z.string()),
    last_batch_id: nullable(z.string()),
  })
  // Items stored before updates were tracked read as last updated when received.
  .transform((entry) => ({ ...entry, updated_at: entry.updated_at ?? entry.received_at }));

const dlqOperationItemSchema = z.object({
  operation_id: z.string(),
  dlq_id: z.string(),
  tenant_id: z.string(),
  operation: z.enum(DLQ_OPERATIONS),
  occurred_at: z.string(),
  actor: nullable(actorSchema),
  attempt: nullable(z.number()),
  reason: nullable(z.string()),
  batch_id: nullable(z.string()),
});

/** A batch's META item; its done/failed/skipped counts are summed from its chunk items. */
const dlqBatchMetaItemSchema = z.object({
  batch_id: z.string(),
  /** The tenant a tenant principal's batch is confined to; null for a platform batch. */
  scope_tenant_id: nullable(z.string()),
  total: z.number(),
  not_found: withDefault(z.array(z.string()), []),
  created_at: z.string(),
  created_by: actorSchema,
  selection: withDefault(z.record(z.string(), z.unknown()), {}),
});

const dlqConfirmationItemSchema = z
  .object({
    token: z.string(),
    key_id: z.string(),
    scope_tenant_id: nullable(z.string()),
    filter: dlqFilterSchema,
    count: z.number(),
    expires_at_iso: z.string(),
  })
  .transform(({ expires_at_iso: expiresAt, ...confirmation }) => ({
    ...confirmation,
    expires_at: expiresAt,
  }));

const dlqEntryKeyItemSchema = z.object({ tenant_id: z.string(), dlq_id: z.string() });

export type DlqActor = z.output<typeof actorSchema>;
export type DlqEntry = z.output<typeof dlqEntryItemSchema>;
export type DlqEntryKey = z.output<typeof dlqEntryKeyItemSchema>;
export type DlqOperationRecord = z.output<typeof dlqOperationItemSchema>;
export type DlqBatchMeta = z.output<typeof dlqBatchMetaItemSchema>;
export type DlqConfirmation = z.output<typeof dlqConfirmationItemSchema>;

export const toDlqEntry = itemMapper('DLQ entry', dlqEntryItemSchema);
export const toDlqEntryKey = itemMapper('DLQ entry key', dlqEntryKeyItemSchema);
export const toDlqOperation = itemMapper('DLQ operation', dlqOperationItemSchema);
export const toDlqBatchMeta = itemMapper('DLQ batch', dlqBatchMetaItemSchema);
export const toDlqConfirmation = itemMapper('DLQ confirmation', dlqConfirmationItemSchema);
