import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { sqsClient } from '../aws/sqs';
import { queueUrl, requireEnv } from '../settings/env';
import { deadLetterQueueEnvName } from '../resources/declarations';
import { ConflictError } from '../errors/typed-errors';
import { logger } from '../logging/logger';
import { alertNotificationMessageSchema, type NotificationStatus } from './alert-contract';
import { disableChannelWrites, findStoredChannel, type StoredChannel } from './channel-repository';
import { nextAttempt, type BackoffPolicy } from './delivery-backoff';
import {
  claimDelivery,
  recordDeliveryAttempt,
  settleDelivery,
  updateNotificationStatus,
  type DeliveryAttempt,
} from './delivery-repository';
import {
  DELIVERY_LEASE_MS,
  MAX_ATTEMPTS,
  RETRY_BASE_MS,
  RETRY_HORIZON_S,
  RETRY_MAX_MS,
} from './delivery-settings';
import { sendToChannel, type SendResult } from './notification-sender';

/**
 * A message on the `notifications` queue as the sender reads it: the contract's message, plus
 * `deliver_after` on retries whose backoff is longer than SQS's 15-minute DelaySeconds (the
 * message then hops: it is re-enqueued with the remaining delay until that time has come).
 */
export const queuedNotificationSchema = alertNotificationMessageSchema.extend({
  deliver_after: z.string().optional(),
});
export type QueuedNotification = z.output<typeof queuedNotificationSchema>;

export const RETRY_POLICY: BackoffPolicy = {
  baseMs: RETRY_BASE_MS,
  maxMs: RETRY_MAX_MS,
  horizonMs: RETRY_HORIZON_S * 1000,
  maxAttempts: MAX_ATTEMPTS,
};

/** SQS's longest per-message delay. */
const MAX_DELAY_SECONDS = 900;

/** Thrown to leave a message on the queue (SQS receives it again later). */
export class DeliveryDeferredError extends Error {
  override name = 'DeliveryDeferredError';
}

const SYSTEM_ACTOR = { key_id: 'system', name: 'notification-sender', role: 'system', tenant_id: null };

/** Puts a message back on the queue after `delayMs` (in hops of at most 15 minutes). */
async function requeue(message: QueuedNotification, delayMs: number): Promise<void> {
  const dueAt = Date.now() + delayMs;
  const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.ceil(delayMs / 1000));
  const body: QueuedNotification = { ...message };
  if (delayMs > MAX_DELAY_SECONDS * 1000) body.deliver_after = new Date(dueAt).toISOString();
  else delete body.deliver_after;
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: queueUrl('notifications'),
      MessageBody: JSON.stringify(body),
      DelaySeconds: delaySeconds,
    }),
  );
}

/**
 * Moves an exhausted notification to the notifications DLQ at once (the failure is already
 * recorded), rather than failing it maxReceiveCount more times until the redrive policy moves it.
 * The DLQ copy carries why it is there.
 */
async function sendToDeadLetterQueue(message: QueuedNotification, reason: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({
      QueueUrl: requireEnv(deadLetterQueueEnvName('notifications')),
      MessageBody: JSON.stringify({ ...message, failure: reason }),
    }),
  );
}

async function disableGoneChannel(channel: StoredChannel, reason: string): Promise<void> {
  try {
    await commitWithAudit(
      {
        tenant_id: channel.tenant_id,
        actor: SYSTEM_ACTOR,
        action: 'alert_channel.disabled',
        resource: { type: 'alert_channel', id: channel.channel_id },
        before: { enabled: channel.enabled, disabled_reason: channel.disabled_reason },
        after: { enabled: false, disabled_reason: reason },
        request_id: `notification-sender:${channel.channel_id}`,
      },
      disableChannelWrites(channel, reason),
    );
  } catch (error) {
    // Already disabled or deleted meanwhile: what we wanted.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/**
 * Delivers one message of the `notifications` queue: claims it (a notification that reached a
 * final state is never sent again; a concurrent sender makes this receive wait), sends it once,
 * records the try under its alert, rolls the outcome up onto the alert, and schedules the next
 * try with backoff or gives up.
 *
 * The window in which a notification can be sent twice is between a receiver's 2xx and the
 * `delivered` write right after it: if the sender dies there, its lease runs out and a later
 * receive sends again with the same webhook-id (receivers deduplicate on it).
 */
export async function deliverQueuedNotification(message: QueuedNotification): Promise<void> {
  if (message.deliver_after) {
    const remaining = Date.parse(message.deliver_after) - Date.now();
    if (remaining > 1000) {
      await requeue(message, remaining);
      return;
    }
  }
  const claim = await claimDelivery(message.notification_id, message.attempt, DELIVERY_LEASE_MS);
  if (claim.kind === 'busy') {
    throw new DeliveryDeferredError(
      `Notification ${message.notification_id} is being sent by another receiver.`,
    );
  }
  if (claim.kind === 'stale' || claim.kind === 'final') return;

  const { payload } = message;
  const base = {
    alert_id: payload.alert_id,
    owner: message.owner,
    channel_id: message.channel_id,
    notification_id: message.notification_id,
    attempt: message.attempt,
    event: payload.event,
  };
  const rollUp = (status: NotificationStatus, at: string) =>
    updateNotificationStatus(payload.tenant_id, payload.alert_id, status, payload.timestamp, at);

  const channel = await findStoredChannel(message.owner, message.channel_id);
  if (!channel || !channel.enabled) {
    const at = new Date().toISOString();
    await settleDelivery(message.notification_id, message.attempt, 'dropped');
    await recordDeliveryAttempt({
      ...base,
      channel_type: channel?.channel_type ?? null,
      attempted_at: at,
      outcome: 'dropped',
      error: channel
        ? `channel is disabled${channel.disabled_reason ? `: ${channel.disabled_reason}` : ''}`
        : 'channel not found',
      latency_ms: 0,
    });
    await rollUp('failed', at);
    return;
  }

  const attemptedAt = new Date().toISOString();
  const result: SendResult = await sendToChannel(channel, message.notification_id, payload);
  const facts: Omit<DeliveryAttempt, 'outcome'> = {
    ...base,
    channel_type: channel.channel_type,
    attempted_at: attemptedAt,
    ...(result.status_code !== undefined ? { status_code: result.status_code } : {}),
    ...(result.error ? { error: result.error } : {}),
    latency_ms: result.latency_ms,
  };

  if (result.ok) {
    // First the idempotency record, to keep the double-send window as short as possible.
    await settleDelivery(message.notification_id, message.attempt, 'delivered');
    await recordDeliveryAttempt({ ...facts, outcome: 'delivered' });
    await rollUp('delivered', new Date().toISOString());
    return;
  }

  if (result.gone) {
    const reason = `The webhook answered 410 Gone at ${attemptedAt} (notification ${message.notification_id}).`;
    await settleDelivery(message.notification_id, message.attempt, 'failed');
    await disableGoneChannel(channel, reason);
    await recordDeliveryAttempt({ ...facts, outcome: 'gone' });
    await rollUp('failed', new Date().toISOString());
    return;
  }

  const next = nextAttempt(RETRY_POLICY, message.attempt, Date.parse(message.first_enqueued_at), Date.now());
  if (next.retry) {
    const { deliver_after: _ignored, ...rest } = message;
    await requeue({ ...rest, attempt: message.attempt + 1 }, next.delayMs);
    await settleDelivery(message.notification_id, message.attempt, 'retrying');
    await recordDeliveryAttempt({
      ...facts,
      outcome: 'failed',
      next_attempt_at: new Date(Date.now() + next.delayMs).toISOString(),
    });
    await rollUp('retrying', new Date().toISOString());
    return;
  }
  const reason = `Retries exhausted after ${message.attempt} attempts; last: ${result.error ?? 'failed'}`;
  // The DLQ copy first: if the sender dies before the state write, the next receive tries again
  // (a second DLQ copy at worst), never loses the message.
  await sendToDeadLetterQueue(message, reason);
  await settleDelivery(message.notification_id, message.attempt, 'failed');
  await recordDeliveryAttempt({ ...facts, outcome: 'exhausted' });
  await rollUp('failed', new Date().toISOString());
  logger.warn('notification retries exhausted; moved to the notifications DLQ', {
    notification_id: message.notification_id,
    channel_id: message.channel_id,
    attempts: message.attempt,
  });
}

/**
 * The queue consumer's body: every record of a batch is delivered concurrently (each waits on a
 * remote receiver for up to the webhook timeout, so one by one a batch could outlast the
 * visibility timeout); records that fail are reported in `batchItemFailures`.
 */
export async function deliverNotificationBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      try {
        await deliverQueuedNotification(queuedNotificationSchema.parse(JSON.parse(record.body)));
        return null;
      } catch (error) {
        const level = error instanceof DeliveryDeferredError ? 'info' : 'error';
        logger[level]('notification message not done', {
          message_id: record.messageId,
          receive_count: record.attributes.ApproximateReceiveCount,
          error: error instanceof Error ? error : String(error),
        });
        return { itemIdentifier: record.messageId };
      }
    }),
  );
  return { batchItemFailures: failures.filter((failure) => failure !== null) };
}
