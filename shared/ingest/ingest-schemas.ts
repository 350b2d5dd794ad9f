import { z } from 'zod';
import { destinationSchema, severitySchema, workerTypeSchema } from '../platform/platform-schemas';

/**
 * The ingest contract: what the platform's workers report to Opsdeck. Every endpoint takes
 * `{"items": [...]}` (1–500 items) and validates each item on its own, so that one bad item
 * never blocks the rest of a batch.
 */

export const MAX_INGEST_BATCH = 500;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@/-]+$/, 'may hold letters, digits and . _ : @ / -');
const tenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a tenant id');

export const processingEventSchema = z
  .strictObject({
    event_id: identifier,
    tenant_id: tenantId,
    worker_type: workerTypeSchema,
    worker_instance: identifier,
    topic: z.string().min(1).max(256),
    event_type: z.string().min(1).max(128),
    status: z.enum(['succeeded', 'failed', 'retried']),
    started_at: instant,
    finished_at: instant,
    error: z.string().max(2000).optional(),
  })
  .refine((event) => event.finished_at >= event.started_at, {
    message: 'finished_at must not be before started_at',
    path: ['finished_at'],
  });

export const exceptionSchema = z.strictObject({
  exception_id: identifier,
  tenant_id: tenantId,
  type: z.string().min(1).max(128),
  severity: severitySchema,
  source_system: z.string().min(1).max(128),
  status: z.enum(['OPEN', 'IN_PROGRESS', 'RESOLVED', 'ESCALATED', 'CLOSED']),
  created_at: instant,
  resolved_at: instant.optional(),
  sla_deadline: instant.optional(),
});

export const exceptionEventSchema = z.strictObject({
  event_id: identifier,
  exception_id: identifier,
  tenant_id: tenantId,
  event_type: z.enum(['StatusChanged', 'SLAImminent', 'SLAExpired', 'Comment']),
  occurred_at: instant,
  status: z.enum(['OPEN', 'IN_PROGRESS', 'RESOLVED', 'ESCALATED', 'CLOSED']).optional(),
  actor: z.string().max(128).optional(),
  comment: z.string().max(4000).optional(),
});

export const dlqEntrySchema = z.strictObject({
  event_id: identifier,
  tenant_id: tenantId,
  event_type: z.string().min(1).max(128),
  destination: destinationSchema,
  payload: z.unknown().refine((value) => value !== undefined, 'is required'),
  attributes: z.record(z.string(), z.string().max(1024)).default({}),
  failure_reason: z.string().min(1).max(4000),
  attempts: z.number().int().min(0).max(1000),
  failed_at: instant,
  worker_type: workerTypeSchema,
});

export const toolExecutionSchema = z.strictObject({
  execution_id: identifier,
  tenant_id: tenantId,
  exception_id: identifier.optional(),
  tool_id: identifier,
  tool_version: z.number().int().min(1).optional(),
  status: z.enum(['succeeded', 'failed']),
  started_at: instant,
  finished_at: instant,
  actor: z.string().max(128).optional(),
  error: z.string().max(2000).optional(),
});

export const policyDecisionSchema = z.strictObject({
  decision_id: identifier,
  tenant_id: tenantId,
  exception_id: identifier,
  policy_pack_id: identifier,
  policy_pack_version: z.number().int().min(1),
  decision: z.enum(['ALLOW', 'DENY', 'ESCALATE', 'REQUIRE_APPROVAL']),
  rule_id: z.string().max(128).optional(),
  reason: z.string().max(2000).optional(),
  decided_at: instant,
});

/** The envelope of every ingest call; items are validated one by one by the service. */
export const ingestBatchSchema = z.strictObject({
  items: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH),
});

export const ingestResultSchema = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), type: z.string(), detail: z.string() })),
});

export type ProcessingEvent = z.output<typeof processingEventSchema>;
export type ExceptionRecord = z.output<typeof exceptionSchema>;
export type ExceptionEvent = z.output<typeof exceptionEventSchema>;
export type DlqEntryInput = z.output<typeof dlqEntrySchema>;
export type ToolExecution = z.output<typeof toolExecutionSchema>;
export type PolicyDecision = z.output<typeof policyDecisionSchema>;
export type IngestResult = z.output<typeof ingestResultSchema>;
