import { ConfigurationError, integerEnv } from '../settings/env';

/**
 * DLQ settings, read once at cold start and failing fast on bad values.
 *
 * - `OPSDECK_DLQ_MAX_RETRIES` (default 5): how many times Opsdeck may retry one entry; after the
 *   last failed retry the entry stays `failed` (only discard is left).
 * - `OPSDECK_DLQ_HTTP_TIMEOUT_MS` (default 5000): timeout of one HTTP redelivery.
 * - `OPSDECK_DLQ_RETRY_LEASE_SECONDS` (default 300): a `retrying` claim older than this is taken
 *   over by the next retry (the claimant crashed between claim and record).
 */
function positive(name: string, fallback: number): number {
  const value = integerEnv(name, fallback);
  if (value < 1) throw new ConfigurationError(`${name} must be at least 1`);
  return value;
}

export const DLQ_MAX_RETRIES = positive('OPSDECK_DLQ_MAX_RETRIES', 5);
export const DLQ_HTTP_TIMEOUT_MS = positive('OPSDECK_DLQ_HTTP_TIMEOUT_MS', 5000);
export const DLQ_RETRY_LEASE_SECONDS = positive('OPSDECK_DLQ_RETRY_LEASE_SECONDS', 300);
/** Most ids one batch retry may name, and most entries a filter may select. */
export const DLQ_MAX_BATCH_IDS = 1000;
export const DLQ_MAX_FILTER_SELECTION = 10_000;
/** Entries per message on the retry queue (SendMessageBatch then carries 10 messages). */
export const DLQ_ENTRIES_PER_RETRY_MESSAGE = 100;
/** How long a filter batch's confirmation token stays valid. */
export const DLQ_CONFIRMATION_TTL_SECONDS = 600;
/** The longest window a cross-tenant listing walks (one index partition per day). */
export const DLQ_MAX_PLATFORM_WINDOW_DAYS = 93;
