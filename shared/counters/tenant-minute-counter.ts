/**
 * The per-(tenant, minute) counter item of the `usage` table: the one item the request hot path
 * writes. The rate limiter (shared/rate-limits) and the usage meter (shared/usage) share it, so that
 * limiting and metering an API request together cost one DynamoDB write (docs/data-model.md).
 *
 *   pk USAGE#<tenant_id>   sk MIN#<YYYY-MM-DDTHH:mm>   (the UTC minute)
 *
 * Every counter is a numeric attribute, absent meaning 0. Metered counts may also live on shard
 * items of the same minute (`sk MIN#<minute>#<shard>`) where one item would be contended by
 * transactions; readers of a minute sum every item whose sort key begins with `MIN#<minute>`.
 * Platform-wide principals count under the tenant id `platform`.
 */

/** Minute items (and their shards) are kept this long, then removed by TTL. */
export const MINUTE_RETENTION_DAYS = 35;

/** Meters: what a tenant is billed on. `api_calls` is also the `api_requests` window counter. */
export const METER_ATTRIBUTES = [
  'api_calls',
  'exceptions_ingested',
  'tool_executions',
  'events_processed',
  'report_generations',
] as const;
export type MeterAttribute = (typeof METER_ATTRIBUTES)[number];

/** Limit types (docs/rate-limits.md). */
export const LIMIT_TYPES = [
  'api_requests',
  'events_ingested',
  'tool_executions',
  'report_generations',
] as const;
export type LimitType = (typeof LIMIT_TYPES)[number];

/**
 * The attribute holding a limit type's window count for a minute. `api_requests` shares the
 * `api_calls` meter (one write per request); the others count what the limiter admitted, which may
 * differ from what was stored (duplicates), so they have attributes of their own.
 */
export const limitCounterAttribute = (type: LimitType): string =>
  type === 'api_requests' ? 'api_calls' : `rl_${type}`;
/** Requests refused by an enforced limit of this type. */
export const limitHitsAttribute = (type: LimitType): string => `rl_hits_${type}`;
/** Requests over a shadow limit of this type (passed, but would have been refused). */
export const shadowHitsAttribute = (type: LimitType): string => `rl_shadow_hits_${type}`;

const MINUTE_MS = 60_000;

/** The UTC minute an instant falls in, as `YYYY-MM-DDTHH:mm`. */
export const minuteOf = (at: Date): string => at.toISOString().slice(0, 16);

/** Start of the minute an instant falls in, in epoch milliseconds. */
export const minuteStartMs = (at: Date): number => Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;

export const counterPartition = (tenantId: string): string => `USAGE#${tenantId}`;
export const minuteSortKey = (minute: string, shard?: number): string =>
  shard === undefined ? `MIN#${minute}` : `MIN#${minute}#${shard}`;

/** Key of a tenant's counter item for the minute an instant falls in (or one of its shards). */
export const minuteCounterKey = (tenantId: string, at: Date, shard?: number) => ({
  pk: counterPartition(tenantId),
  sk: minuteSortKey(minuteOf(at), shard),
});

/** TTL of a minute item, in epoch seconds. */
export const minuteExpiresAt = (at: Date): number =>
  Math.floor(minuteStartMs(at) / 1000) + MINUTE_RETENTION_DAYS * 86_400;
