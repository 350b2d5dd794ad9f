import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../settings/env';

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
