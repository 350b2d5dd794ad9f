import { z } from 'zod';
import type { Principal } from '../access/principal';
import { logger } from '../logging/logger';
import { INGEST_KINDS, ingestKinds } from './ingest-kinds';
import { MAX_INGEST_BATCH } from '../ingest/ingest-schemas';

/** A message on the ingest queue: one batch of one kind, exactly as the HTTP endpoint takes it. */
export const ingestQueueMessageSchema = z.strictObject({
  kind: z.enum(INGEST_KINDS),
  items: z.array(z.unknown()).min(1).max(MAX_INGEST_BATCH),
});

/** Senders to the queue are authorized by IAM (queue policy), so they act as the platform's ingest role. */
const queuePrincipal: Principal = {
  keyId: 'ingest-queue',
  name: 'ingest queue',
  role: 'ingest',
  tenantId: null,
};

/**
 * Applies one queued batch through the same path as the HTTP endpoint. Rejected items are logged
 * (nobody is waiting for a response) and not retried: they would be rejected again. A thrown error
 * — DynamoDB unavailable, say — fails the message so SQS delivers it again; items already stored
 * are then counted as duplicates.
 */
export async function processIngestMessage(
  message: z.output<typeof ingestQueueMessageSchema>,
): Promise<void> {
  const result = await ingestKinds[message.kind](queuePrincipal, message.items);
  if (result.rejected.length) {
    logger.warn('ingest queue items rejected', { kind: message.kind, rejected: result.rejected });
  }
  logger.info('ingest queue batch applied', {
    kind: message.kind,
    accepted: result.accepted,
    duplicates: result.duplicates,
  });
}
