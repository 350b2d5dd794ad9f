import { ConfigurationError, integerEnv } from '../settings/env';

/**
 * Notification delivery settings, read once at cold start and failing fast on bad values.
 *
 * - `OPSDECK_NOTIFY_WEBHOOK_TIMEOUT_MS` (default 10000): a webhook POST (connect to last byte)
 *   taking longer fails.
 * - `OPSDECK_NOTIFY_RETRY_BASE_MS` (default 30000), `OPSDECK_NOTIFY_RETRY_MAX_MS` (default 21600000,
 *   6 h): the backoff before retry n is a random time in [0, min(max, base × 2^(n-1))] (full jitter).
 * - `OPSDECK_NOTIFY_RETRY_HORIZON_S` (default 86400, 24 h): retries continue until this long after
 *   the first try; the last one is placed at the horizon, so a receiver that is back within it gets
 *   the notification.
 * - `OPSDECK_NOTIFY_MAX_ATTEMPTS` (default 30): a safety cap on tries per notification.
 * - `OPSDECK_NOTIFY_SECRET_GRACE_S` (default 86400): how long a rotated-out webhook secret still signs.
 * - `OPSDECK_WEBHOOK_ALLOW_HTTP_HOSTS` (default empty): comma-separated host names (as URLs
 *   normalise them, e.g. `127.0.0.1,localhost`) that may use plain http and skip the address check.
 *   The local stack sets it for loopback; AWS leaves it empty.
 * - `OPSDECK_ALERT_EMAIL_FROM` (default `alerts@opsdeck.local`): the sender of alert e-mail (a
 *   verified SES identity in AWS).
 */
function positive(name: string, fallback: number): number {
  const value = integerEnv(name, fallback);
  if (value < 1) throw new ConfigurationError(`${name} must be at least 1`);
  return value;
}

function hostList(name: string): string[] {
  const raw = process.env[name] ?? '';
  const hosts = raw
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  for (const host of hosts) {
    if (!/^[a-z0-9.:[\]-]+$/.test(host)) {
      throw new ConfigurationError(`${name} must list host names separated by commas, got "${raw}"`);
    }
  }
  return hosts;
}

function emailFrom(): string {
  const value = process.env.OPSDECK_ALERT_EMAIL_FROM || 'alerts@opsdeck.local';
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(value)) {
    throw new ConfigurationError(`OPSDECK_ALERT_EMAIL_FROM must be an e-mail address, got "${value}"`);
  }
  return value;
}

export const WEBHOOK_TIMEOUT_MS = positive('OPSDECK_NOTIFY_WEBHOOK_TIMEOUT_MS', 10_000);
export const RETRY_BASE_MS = positive('OPSDECK_NOTIFY_RETRY_BASE_MS', 30_000);
export const RETRY_MAX_MS = positive('OPSDECK_NOTIFY_RETRY_MAX_MS', 6 * 3600_000);
export const RETRY_HORIZON_S = positive('OPSDECK_NOTIFY_RETRY_HORIZON_S', 86_400);
export const MAX_ATTEMPTS = positive('OPSDECK_NOTIFY_MAX_ATTEMPTS', 30);
export const SECRET_GRACE_S = integerEnv('OPSDECK_NOTIFY_SECRET_GRACE_S', 86_400);
export const WEBHOOK_ALLOW_HTTP_HOSTS = hostList('OPSDECK_WEBHOOK_ALLOW_HTTP_HOSTS');
export const ALERT_EMAIL_FROM = emailFrom();
/** How long a delivery claim holds a notification against concurrent senders. */
export const DELIVERY_LEASE_MS = WEBHOOK_TIMEOUT_MS + 20_000;
/** Delivery attempt records live this long (TTL). */
export const DELIVERY_RECORD_TTL_DAYS = 90;
