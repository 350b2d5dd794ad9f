import { z } from 'zod';
import { workerTypeSchema } from '../platform/platform-schemas';

/**
 * The worker registry: where the health poller finds the platform's workers. Admins declare
 * workers; workers may also register themselves with heartbeats that expire when they stop.
 */

export const WORKER_CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const criticalitySchema = z.enum(WORKER_CRITICALITIES);
export type WorkerCriticality = z.infer<typeof criticalitySchema>;

/** Instance ids appear in paths, so they never hold a slash. */
export const instanceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'must be 1-128 characters: letters, digits and . _ : @ -');

/** An http(s) URL without credentials. */
export const workerUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .refine((value) => {
    // zod runs refinements after a failed format check too, so this must not assume a valid URL.
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  }, 'must not carry credentials');

export const workerPathSchema = z.strictObject({
  worker_type: workerTypeSchema,
  instance_id: instanceIdSchema,
});

export const declareWorkerBodySchema = z.strictObject({
  base_url: workerUrlSchema,
  metrics_url: workerUrlSchema.optional(),
  criticality: criticalitySchema,
});

/** One item of `POST /ingest/heartbeat`. */
export const heartbeatSchema = z.strictObject({
  worker_type: workerTypeSchema,
  instance_id: instanceIdSchema,
  base_url: workerUrlSchema,
  metrics_url: workerUrlSchema.optional(),
  /** Defaults to `medium`. */
  criticality: criticalitySchema.optional(),
});

export const listWorkersQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const workerSchema = z.object({
  worker_type: workerTypeSchema,
  instance_id: z.string(),
  base_url: z.string(),
  metrics_url: z.string().nullable(),
  criticality: criticalitySchema,
  source: z.enum(['declared', 'heartbeat']),
  last_heartbeat_at: z.string().nullable().describe('The latest heartbeat still within its TTL'),
  expires_at: z
    .string()
    .nullable()
    .describe('When a heartbeat registration lapses without a new heartbeat; null for declared workers'),
  updated_at: z.string(),
});

export type DeclareWorkerBody = z.output<typeof declareWorkerBodySchema>;
export type Heartbeat = z.output<typeof heartbeatSchema>;
export type RegisteredWorker = z.infer<typeof workerSchema>;
export type ListWorkersQuery = z.output<typeof listWorkersQuerySchema>;
