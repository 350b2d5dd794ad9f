import { z } from 'zod';
import { workerTypeSchema } from '../platform/platform-schemas';
import { METRIC_RANGES } from './ops-workers-vocabulary';

const tenantIdQuery = z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a tenant id');
const instant = z.iso.datetime({ offset: true });

export const workerMetricsQuerySchema = z.strictObject({
  range: z.enum(METRIC_RANGES).optional(),
  from: instant.optional(),
  to: instant.optional(),
  worker_type: workerTypeSchema.optional(),
  tenant_id: tenantIdQuery.optional(),
});
export type WorkerMetricsQuery = z.output<typeof workerMetricsQuerySchema>;

export const workerLagQuerySchema = z.strictObject({
  worker_type: workerTypeSchema.optional(),
  tenant_id: tenantIdQuery.optional(),
});
export type WorkerLagQuery = z.output<typeof workerLagQuerySchema>;

const windowFields = {
  range: z.enum(METRIC_RANGES).nullable(),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['minute', 'hour']),
  step_seconds: z.number().int(),
  tenant_id: z.string().nullable(),
};

const metricsResponse = <T extends z.ZodRawShape>(figures: T) =>
  z.object({
    ...windowFields,
    items: z.array(
      z.object({
        worker_type: workerTypeSchema,
        current: z.object(figures),
        series: z.array(z.object({ t: z.string(), ...figures })),
      }),
    ),
  });

export const throughputResponseSchema = metricsResponse({
  events_per_second: z.number(),
  events: z.number().int(),
});
export const latencyResponseSchema = metricsResponse({
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  p99_ms: z.number().nullable(),
  mean_ms: z.number().nullable(),
  events: z.number().int(),
});
export const errorsResponseSchema = metricsResponse({
  error_rate_pct: z.number(),
  failures: z.number().int(),
  retries: z.number().int(),
  events: z.number().int(),
});

export const queueLagSchema = z.object({
  destination_id: z.string(),
  tenant_id: z.string().nullable(),
  queue_url: z.string(),
  queue_name: z.string(),
  visible: z.number().int().nullable(),
  in_flight: z.number().int().nullable(),
  pending: z.number().int().nullable(),
  error: z.string().nullable(),
});

export const workerReportedLagSchema = z.object({
  worker_type: workerTypeSchema,
  instance_id: z.string(),
  queue: z.string(),
  lag_messages: z.number(),
  reported_at: z.string(),
});

export const lagResponseSchema = z.object({
  generated_at: z.string(),
  tenant_id: z.string().nullable(),
  queues: z.array(queueLagSchema),
  worker_reported: z.array(workerReportedLagSchema),
  worker_reported_at: z.string().nullable(),
});
export type QueueLag = z.infer<typeof queueLagSchema>;
export type LagResponse = z.infer<typeof lagResponseSchema>;
