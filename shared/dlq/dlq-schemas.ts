import { z } from 'zod';
import { workerTypeSchema } from '../platform/platform-schemas';
import { DESTINATION_KINDS } from '../platform/platform-vocabulary';
import { DLQ_MAX_BATCH_IDS } from './dlq-settings';
import { DLQ_OPERATIONS, DLQ_STATUSES } from './dlq-vocabulary';

/** The DLQ management API's request and response shapes (validation, SPA and OpenAPI). */

export const dlqStatusSchema = z.enum(DLQ_STATUSES);
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
export const dlqIdSchema = z.string().regex(/^dlq_[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a DLQ entry id');

/** The filters of the list, shared by the filter form of a batch retry. */
export const dlqFilterSchema = z
  .strictObject({
    tenant_id: z.string().min(1).max(63).optional(),
    event_type: z.string().min(1).max(128).optional(),
    status: dlqStatusSchema.optional(),
    /** A destination kind (sqs, eventbridge, http) or an exact destination address. */
    destination: z.string().min(1).max(2048).optional(),
    worker_type: workerTypeSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** Case-insensitive text the failure reason contains. */
    q: z.string().min(1).max(200).optional(),
  })
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const listDlqQuerySchema = z
  .strictObject({
    tenant_id: z.string().min(1).max(63).optional(),
    event_type: z.string().min(1).max(128).optional(),
    status: dlqStatusSchema.optional(),
    destination: z.string().min(1).max(2048).optional(),
    worker_type: workerTypeSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
    q: z.string().min(1).max(200).optional(),
    cursor: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const dlqPathSchema = z.strictObject({ dlq_id: dlqIdSchema });
export const dlqBatchPathSchema = z.strictObject({
  batch_id: z.string().regex(/^dlqb_[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a batch id'),
});

export const retryDlqEntryBodySchema = z.strictObject({}).optional();
export const discardDlqEntryBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

export const retryBatchBodySchema = z.union([
  z.strictObject({ ids: z.array(dlqIdSchema).min(1).max(DLQ_MAX_BATCH_IDS) }),
  z.strictObject({ filter: dlqFilterSchema }),
  z.strictObject({ confirmation_token: z.string().regex(/^dlqc_[0-9A-HJKMNP-TV-Z]{26}$/) }),
]);

export const dlqStatsQuerySchema = z
  .strictObject({
    tenant_id: z.string().min(1).max(63).optional(),
    from: instant.optional(),
    to: instant.optional(),
    group_by: z.enum(['tenant', 'event_type', 'status', 'day']).default('day'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

const destinationSchema = z.object({ kind: z.enum(DESTINATION_KINDS), address: z.string() });

export const dlqSummarySchema = z.object({
  dlq_id: z.string(),
  tenant_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: dlqStatusSchema,
  destination: destinationSchema,
  worker_type: z.string(),
  failure_reason: z.string(),
  attempts: z.number(),
  retry_count: z.number(),
  failed_at: z.string(),
  received_at: z.string(),
  updated_at: z.string(),
  retried_from: z.string().nullable(),
});

export const dlqOperationSchema = z.object({
  operation_id: z.string(),
  dlq_id: z.string(),
  tenant_id: z.string(),
  operation: z.enum(DLQ_OPERATIONS),
  occurred_at: z.string(),
  actor: z.object({ key_id: z.string(), name: z.string(), role: z.string() }).nullable(),
  attempt: z.number().nullable(),
  reason: z.string().nullable(),
  batch_id: z.string().nullable(),
});

export const dlqDetailSchema = dlqSummarySchema.extend({
  payload: z.unknown(),
  attributes: z.record(z.string(), z.string()),
  discard_reason: z.string().nullable(),
  history: z.array(dlqOperationSchema),
  lineage: z.object({
    retried_from: z.string().nullable(),
    original_dlq_id: z.string(),
    retried_to: z.array(z.string()),
  }),
});

export const retryResultSchema = z.object({
  outcome: z.enum(['succeeded', 'failed']),
  reason: z.string().nullable(),
  entry: dlqDetailSchema,
});

export const batchPreviewSchema = z.object({
  count: z.number(),
  confirmation_token: z.string(),
  expires_at: z.string(),
});

export const batchSchema = z.object({
  batch_id: z.string(),
  status: z.enum(['running', 'completed']),
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  remaining: z.number(),
  not_found: z.array(z.string()),
  created_at: z.string(),
  created_by: z.object({ key_id: z.string(), name: z.string(), role: z.string() }),
});

export const dlqStatsSchema = z.object({
  from: z.string(),
  to: z.string(),
  group_by: z.string(),
  total: z.number(),
  groups: z.array(z.object({ key: z.string(), count: z.number() })),
  growth: z.array(z.object({ day: z.string(), received: z.number(), total: z.number() })),
});

/** A message on the retry queue: one chunk of a batch. */
export const dlqRetryMessageSchema = z.strictObject({
  batch_id: z.string(),
  /** The chunk's number within the batch; its progress counters are kept per chunk. */
  chunk: z.number().int().min(0),
  entries: z
    .array(z.strictObject({ tenant_id: z.string(), dlq_id: z.string() }))
    .min(1)
    .max(100),
});

export type DlqFilter = z.output<typeof dlqFilterSchema>;
export type ListDlqQuery = z.output<typeof listDlqQuerySchema>;
export type RetryBatchBody = z.output<typeof retryBatchBodySchema>;
export type DlqStatsQuery = z.output<typeof dlqStatsQuerySchema>;
export type DlqSummary = z.infer<typeof dlqSummarySchema>;
export type DlqOperationEvent = z.infer<typeof dlqOperationSchema>;
export type DlqDetail = z.infer<typeof dlqDetailSchema>;
export type DlqBatch = z.infer<typeof batchSchema>;
export type DlqRetryMessage = z.output<typeof dlqRetryMessageSchema>;
