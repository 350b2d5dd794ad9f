import { z } from 'zod';
import { workerTypeSchema } from '../platform/platform-schemas';
import { alertSeveritySchema, alertTypeSchema } from './alert-contract';
import { type AlertType } from './alert-vocabulary';
import { quietHoursSchema } from './quiet-hours';

/**
 * Alert rules (the `alert_config` of the checklist): the API's request and response shapes,
 * reused by the OpenAPI document. Thresholds are checked per type by `resolveThreshold`.
 */

/** Rule ids are ULIDs generated on creation. */
export const ruleIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an alert rule id (a ULID)');
export const rulePathSchema = z.strictObject({ config_id: ruleIdSchema });

/** The owner: a tenant id, or `platform` for platform-scope rules (platform principals only). */
const ownerParameterSchema = z.string().min(1).max(63);
const channelIdsSchema = z
  .array(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a channel id (a ULID)'))
  .max(10)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a channel');

export const escalationSchema = z.strictObject({
  /** Unacknowledged this long after triggering → one `escalated` notification. */
  after_minutes: z.number().int().min(1).max(10_080),
  channels: channelIdsSchema.refine((ids) => ids.length > 0, 'must name at least one channel'),
});

const ruleFields = {
  enabled: z.boolean().default(true),
  threshold_value: z.number().finite().optional(),
  threshold_unit: z.string().min(1).max(40).optional(),
  /** The span the measure is taken over (types that have one; see docs/alerts.md). */
  window_minutes: z.number().int().min(1).max(1440).nullable().optional(),
  scope: z.strictObject({ worker_type: workerTypeSchema.optional() }).nullable().optional(),
  severity: alertSeveritySchema.default('HIGH'),
  channels: channelIdsSchema.default([]),
  quiet_hours: quietHoursSchema.nullable().default(null),
  escalation: escalationSchema.nullable().default(null),
  /** Repeat the notification this often while the alert fires unacknowledged; null: never. */
  renotify_interval_minutes: z.number().int().min(1).max(10_080).nullable().default(null),
};

export const createRuleBodySchema = z.strictObject({
  /** Required for platform principals (a tenant id or `platform`); tenant principals may omit it. */
  tenant_id: ownerParameterSchema.optional(),
  alert_type: alertTypeSchema,
  ...ruleFields,
});
export type CreateRuleBody = z.output<typeof createRuleBodySchema>;

/** PUT replaces the rule's settings; the type stays (name it or leave it out). */
export const updateRuleBodySchema = z.strictObject({
  tenant_id: ownerParameterSchema.optional(),
  alert_type: alertTypeSchema.optional(),
  ...ruleFields,
});
export type UpdateRuleBody = z.output<typeof updateRuleBodySchema>;

export const ownerQuerySchema = z.strictObject({ tenant_id: ownerParameterSchema.optional() });
export type OwnerQuery = z.output<typeof ownerQuerySchema>;

export const alertRuleSchema = z.object({
  config_id: z.string(),
  tenant_id: z.string().describe('The owner: a tenant id, or `platform`'),
  alert_type: alertTypeSchema,
  enabled: z.boolean(),
  threshold_value: z.number(),
  threshold_unit: z.string(),
  window_minutes: z.number().nullable(),
  scope: z.object({ worker_type: workerTypeSchema.optional() }).nullable(),
  severity: alertSeveritySchema,
  channels: z.array(z.string()),
  quiet_hours: quietHoursSchema.nullable(),
  escalation: escalationSchema.nullable(),
  renotify_interval_minutes: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
  updated_by: z.string(),
});
export type AlertRule = z.infer<typeof alertRuleSchema> & { alert_type: AlertType };

export const ruleListSchema = z.object({ items: z.array(alertRuleSchema) });
