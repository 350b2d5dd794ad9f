/**
 * What the fleet parent and a worker process tell each other: the worker's configuration (an
 * environment variable, so that the ingest key does not show in `ps`) and the IPC messages
 * (child_process `send`). Both sides validate what they receive.
 */
import { z } from 'zod';
import { workerTypeSchema } from '../../../shared/platform/platform-schemas';
import { faultsSchema } from './faults';

export const WORKER_CONFIG_ENV = 'OPSDECK_FLEET_WORKER';

export const workerConfigSchema = z.strictObject({
  worker_type: workerTypeSchema,
  instance_id: z.string().min(1),
  /** 0: any free port (reported back in the `listening` message). */
  port: z.number().int().min(0).max(65_535),
  sqs_endpoint: z.url(),
  region: z.string().min(1),
  input_queue_url: z.url(),
  /** Undefined for the last stage. */
  output_queue_url: z.url().optional(),
  api_url: z.url(),
  ingest_key: z.string().min(1),
  faults: faultsSchema,
  /** Probability of a transient failure without any injected fault. */
  natural_error_rate: z.number().min(0).max(1),
  flush_interval_ms: z.number().int().min(50),
  heartbeat_interval_ms: z.number().int().min(100),
  /** Long-poll wait of ReceiveMessage. */
  wait_time_seconds: z.number().int().min(0).max(20),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export const parentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('faults'), seq: z.number().int(), faults: faultsSchema }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('listening'), port: z.number().int() }),
  z.strictObject({ type: z.literal('start-failed'), code: z.string().optional(), message: z.string() }),
  z.strictObject({ type: z.literal('faults-applied'), seq: z.number().int() }),
  /** Processing a message failed; the DLQ forwarder uses the last reason when the message dead-letters. */
  z.strictObject({
    type: z.literal('message-failed'),
    message_id: z.string(),
    reason: z.string(),
    receive_count: z.number().int(),
    failed_at: z.string(),
  }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
