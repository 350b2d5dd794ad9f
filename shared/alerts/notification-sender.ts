import type { AlertNotificationPayload } from './alert-contract';
import { signingSecrets, type StoredChannel } from './channel-repository';
import { ALERT_EMAIL_FROM, WEBHOOK_ALLOW_HTTP_HOSTS, WEBHOOK_TIMEOUT_MS } from './delivery-settings';
import { sendAlertEmail } from './email-sender';
import type { HostResolver } from './safe-url';
import { postWebhook } from './webhook-sender';
import { webhookHeaders } from './webhook-signature';

/** The outcome of one send to one channel. `gone`: the receiver said 410, stop sending there. */
export interface SendResult {
  readonly ok: boolean;
  readonly gone: boolean;
  readonly status_code?: number;
  readonly error?: string;
  readonly latency_ms: number;
}

/**
 * Sends one notification to one channel, once: a signed webhook POST (signed with every secret
 * still valid, so receivers holding either side of a rotation accept it) or an SES e-mail.
 */
export async function sendToChannel(
  channel: StoredChannel,
  notificationId: string,
  payload: AlertNotificationPayload,
  options: { resolve?: HostResolver; now?: Date } = {},
): Promise<SendResult> {
  const now = options.now ?? new Date();
  if (channel.channel_type === 'email') {
    const result = await sendAlertEmail(ALERT_EMAIL_FROM, channel.addresses ?? [], payload, notificationId);
    return {
      ok: result.ok,
      gone: false,
      ...(result.error ? { error: result.error } : {}),
      latency_ms: result.latency_ms,
    };
  }
  const body = JSON.stringify(payload);
  const secrets = signingSecrets(channel, now);
  if (secrets.length === 0)
    return { ok: false, gone: false, error: 'the channel has no signing secret', latency_ms: 0 };
  const result = await postWebhook({
    url: channel.url!,
    body,
    headers: webhookHeaders(secrets, notificationId, Math.floor(now.getTime() / 1000), body),
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    allowHttpHosts: WEBHOOK_ALLOW_HTTP_HOSTS,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return { ...result, gone: result.status_code === 410 };
}
