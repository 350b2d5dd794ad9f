import { z } from 'zod';
import { ALERT_STATUSES } from './alert-vocabulary';
import { pageQuerySchema } from '../pagination/page-query';
import { alertSeveritySchema, alertTypeSchema, NOTIFICATION_STATUSES } from './alert-contract';

/** Alert history (P10-9): the API's request and response shapes, reused by the OpenAPI document. */

export const alertStatusSchema = z.enum(ALERT_STATUSES);

export const alertIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an alert id (a ULID)');
export const alertPathSchema = z.strictObject({ alert_id: alertIdSchema });

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const ownerParameterSchema = z.string().min(1).max(63);

export const listHistoryQuerySchema = pageQuerySchema
  .extend({
    /** Required for platform principals (a tenant id or `platform`). */
    tenant_id: ownerParameterSchema.optional(),
    type: alertTypeSchema.optional(),
    status: alertStatusSchema.optional(),
    /** Alerts triggered at or after this instant. */
    from: instant.optional(),
    /** Alerts triggered at or before this instant. */
    to: instant.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type ListHistoryQuery = z.output<typeof listHistoryQuerySchema>;

export const historyStatsQuerySchema = z
  .strictObject({
    tenant_id: ownerParameterSchema.optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type HistoryStatsQuery = z.output<typeof historyStatsQuerySchema>;

export const alertRecordSchema = z.object({
  alert_id: z.string(),
  tenant_id: z.string().describe('The owner: a tenant id, or `platform`'),
  alert_type: alertTypeSchema,
  severity: alertSeveritySchema,
  subject: z.string().describe('What fires: `tenant`, a worker type, or `<worker_type>/<instance_id>`'),
  rule_id: z.string(),
  title: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  status: alertStatusSchema,
  triggered_at: z.string(),
  acknowledged_at: z.string().nullable(),
  acknowledged_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
  resolved_by: z.string().nullable().describe('`auto` (the condition cleared) or the name of the user'),
  notification_status: z.enum(NOTIFICATION_STATUSES),
  last_notified_at: z.string().nullable(),
  escalated_at: z.string().nullable(),
});
export type AlertRecord = z.infer<typeof alertRecordSchema>;

/** One try of one notification, as the delivery side records it under the alert. */
export const deliveryAttemptSchema = z.object({
  alert_id: z.string(),
  owner: z.string(),
  channel_id: z.string(),
  channel_type: z.string().nullable(),
  notification_id: z.string(),
  attempt: z.number().int(),
  event: z.string(),
  attempted_at: z.string(),
  outcome: z
    .enum(['delivered', 'failed', 'exhausted', 'gone', 'dropped'])
    .describe(
      'delivered · failed (will retry) · exhausted (retries over) · gone (410: channel disabled) · dropped (channel missing or disabled)',
    ),
  status_code: z.number().int().optional(),
  error: z.string().optional(),
  latency_ms: z.number(),
  /** When the next try is due, for `failed`. */
  next_attempt_at: z.string().optional(),
});

export const alertDetailSchema = alertRecordSchema.extend({
  delivery_attempts: z.array(deliveryAttemptSchema),
});

export const historyStatsSchema = z.object({
  tenant_id: z.string(),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  by_type: z.record(z.string(), z.number()),
  by_status: z.record(z.string(), z.number()),
});
