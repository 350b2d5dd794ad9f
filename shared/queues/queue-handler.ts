import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ZodType, z } from 'zod';
import { logger } from '../logging/logger';

/**
 * Wraps an SQS consumer: each record's body is parsed as JSON and validated, then processed;
 * records that fail are reported in `batchItemFailures`, so only they are received again (and
 * reach the queue's dead-letter queue after its maxReceiveCount). Processing must be idempotent.
 */
export function queueHandler<TSchema extends ZodType>(
  schema: TSchema,
  processMessage: (message: z.output<TSchema>, record: SQSRecord) => Promise<void>,
) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler(async (event) => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const message = schema.parse(JSON.parse(record.body));
        await processMessage(message, record);
      } catch (error) {
        logger.error('queue message failed', {
          message_id: record.messageId,
          receive_count: record.attributes.ApproximateReceiveCount,
          error: error instanceof Error ? error : String(error),
        });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
}
