/**
 * The contract between the two halves of alerting:
 *
 * - rules, evaluation and history (`alert-rules` area) decide *that* and *when* someone must be told,
 *   and enqueue one {@link AlertNotificationMessage} per (alert event, channel) on the
 *   `notifications` queue;
 * - channels and delivery (`alert-channels` area) own the channels, turn each message into a signed
 *   webhook POST or an SES e-mail, retry, and record every attempt.
 *
 * Storage layout shared by both (table `alerts` unless noted):
 *
 *   alert channel        config  pk TENANT#<owner>          sk ALERTCHANNEL#<channel_id>
 *   alert rule (config)  config  pk TENANT#<owner>          sk ALERTRULE#<config_id>
 *   alert (history)      alerts  pk ALERT#<owner>           sk <alert_id>            (alert_id is a ULID)
 *   delivery attempt     alerts  pk ALERTDELIVERY#<alert_id> sk <attempted_at>#<notification_id>#<attempt>
 *
 * `<owner>` is the tenant id, or `platform` for platform-scope alerts (worker health) and the
 * channels platform admins configure for them.
 */
import { z } from 'zod';
import { severitySchema } from '../platform/platform-schemas';
import { ALERT_TYPES } from './alert-vocabulary';

export const alertTypeSchema = z.enum(ALERT_TYPES);

export const alertSeveritySchema = severitySchema;

/** What happened to the alert that this notification tells. */
export const NOTIFICATION_EVENTS = ['triggered', 'renotify', 'escalated', 'resolved', 'test'] as const;
export const notificationEventSchema = z.enum(NOTIFICATION_EVENTS);
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/**
 * The webhook JSON body (and the facts of the e-mail): the spec's fields plus `event`.
 * `tenant_id` is the alert's owner (`platform` for platform-scope alerts).
 */
export const alertNotificationPayloadSchema = z.object({
  alert_id: z.string(),
  alert_type: alertTypeSchema,
  tenant_id: z.string(),
  severity: alertSeveritySchema,
  title: z.string(),
  message: z.string(),
  /** ISO 8601 UTC: when this event (trigger, re-notify, escalation, resolution) happened. */
  timestamp: z.string(),
  event: notificationEventSchema,
  details: z.record(z.string(), z.unknown()),
});
export type AlertNotificationPayload = z.infer<typeof alertNotificationPayloadSchema>;

/** One message on the `notifications` queue: one event of one alert for one channel. */
export const alertNotificationMessageSchema = z.object({
  /**
   * Unique per (alert, event occurrence, channel) and stable across retries: it is the webhook's
   * `webhook-id` and the delivery's idempotency key (a redelivered message never sends twice).
   */
  notification_id: z.string(),
  /** Owner of the channel (tenant id or `platform`). */
  owner: z.string(),
  channel_id: z.string(),
  payload: alertNotificationPayloadSchema,
  /** 1 for the first try; the delivery side re-enqueues with backoff and a higher attempt. */
  attempt: z.number().int().min(1).default(1),
  /** ISO time of the first try (the retry horizon counts from it). */
  first_enqueued_at: z.string(),
});
export type AlertNotificationMessage = z.infer<typeof alertNotificationMessageSchema>;

/**
 * The roll-up the delivery side writes onto the alert history item (`notification_status`):
 * pending (enqueued, nothing delivered yet), deferred (held by quiet hours — written by the rules
 * side), delivered (every channel of the latest event accepted it), retrying, failed (a channel's
 * retries are exhausted or it was disabled), suppressed (no enabled channel; written by the rules side).
 */
export const NOTIFICATION_STATUSES = [
  'pending',
  'deferred',
  'delivered',
  'retrying',
  'failed',
  'suppressed',
] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const alertChannelKey = (owner: string, channelId: string) => ({
  pk: `TENANT#${owner}`,
  sk: `ALERTCHANNEL#${channelId}`,
});
export const alertRuleKey = (owner: string, configId: string) => ({
  pk: `TENANT#${owner}`,
  sk: `ALERTRULE#${configId}`,
});
export const alertHistoryKey = (owner: string, alertId: string) => ({
  pk: `ALERT#${owner}`,
  sk: alertId,
});
export const deliveryAttemptPartition = (alertId: string) => `ALERTDELIVERY#${alertId}`;
