import { z } from 'zod';
import { DESTINATION_KINDS, SEVERITIES, WORKER_TYPES } from './platform-vocabulary';

/** zod schemas of the platform's vocabulary (platform-vocabulary.ts). */

export const workerTypeSchema = z.enum(WORKER_TYPES);
export const severitySchema = z.enum(SEVERITIES);

/** Where an event goes: a destination kind and its address (a queue URL, bus ARN or HTTP URL). */
export const destinationSchema = z.strictObject({
  kind: z.enum(DESTINATION_KINDS),
  address: z.string().min(1).max(2048),
});
