import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws/sqs';
import { queueUrl } from '../settings/env';
import { alertNotificationMessageSchema, type AlertNotificationMessage } from './alert-contract';

const SQS_BATCH_LIMIT = 10;

/** Raised when SQS refused some messages of a batch (after the SDK's own retries). */
export class NotificationEnqueueError extends Error {
  override name = 'NotificationEnqueueError';
  constructor(readonly failedNotificationIds: readonly string[]) {
    super(`SQS refused ${failedNotificationIds.length} notification(s): ${failedNotificationIds.join(', ')}`);
  }
}

/**
 * Puts notification messages on the `notifications` queue, 10 per SendMessageBatch call. Each
 * message is validated against the contract first. Throws NotificationEnqueueError naming the
 * notification ids SQS refused (the others were sent; sending them again is harmless, delivery is
 * idempotent per notification_id). `delaySeconds` (≤ 900) holds every message back that long.
 */
export async function enqueueNotifications(
  messages: readonly AlertNotificationMessage[],
  options: { delaySeconds?: number } = {},
): Promise<void> {
  const parsed = messages.map((message) => alertNotificationMessageSchema.parse(message));
  const failed: string[] = [];
  for (let start = 0; start < parsed.length; start += SQS_BATCH_LIMIT) {
    const chunk = parsed.slice(start, start + SQS_BATCH_LIMIT);
    const result = await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('notifications'),
        Entries: chunk.map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message),
          ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.round(options.delaySeconds)) } : {}),
        })),
      }),
    );
    for (const failure of result.Failed ?? []) failed.push(chunk[Number(failure.Id)]!.notification_id);
  }
  if (failed.length > 0) throw new NotificationEnqueueError(failed);
}
