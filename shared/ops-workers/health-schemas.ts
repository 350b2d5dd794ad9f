import { z } from 'zod';
import { workerTypeSchema } from '../platform/platform-schemas';
import { criticalitySchema } from '../registry/worker-schemas';
import { HEALTH_STATUSES } from './health-status';

const tenantIdQuery = z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a tenant id');

export const workerHealthQuerySchema = z.strictObject({
  tenant_id: tenantIdQuery.optional(),
  worker_type: workerTypeSchema.optional(),
  /** `true` asks for a new probe round even when the snapshot is younger than the TTL. */
  refresh: z.enum(['true', 'false']).optional(),
});
export type WorkerHealthQuery = z.output<typeof workerHealthQuerySchema>;

const healthStatusSchema = z.enum(HEALTH_STATUSES);
const countsSchema = z.object({
  healthy: z.number().int(),
  degraded: z.number().int(),
  unhealthy: z.number().int(),
  total: z.number().int(),
});

export const instanceHealthSchema = z.object({
  worker_type: workerTypeSchema,
  instance_id: z.string(),
  criticality: criticalitySchema,
  status: healthStatusSchema,
  live: z.boolean(),
  ready: z.boolean(),
  last_check: z.string().nullable().describe('Null for an instance no probe round has reached yet'),
  last_success: z.string().nullable(),
  response_time_ms: z.number(),
  consecutive_failures: z.number().int(),
  reason: z.string().nullable(),
});

export const workerTypeSummarySchema = z.object({
  worker_type: workerTypeSchema,
  status: healthStatusSchema,
  instances: z.number().int(),
  counts: countsSchema,
  health_score: z.number(),
  fleet_wide_failure: z.boolean(),
  reason: z.string().nullable(),
});

export const workerHealthSchema = z.object({
  generated_at: z.string().nullable(),
  age_seconds: z.number().nullable(),
  ttl_seconds: z.number().int(),
  stale: z.boolean(),
  refreshed: z.boolean(),
  counts: countsSchema,
  summary: z.array(workerTypeSummarySchema),
  items: z.array(instanceHealthSchema),
});
export type WorkerHealthResponse = z.infer<typeof workerHealthSchema>;
