import { integerEnv } from '../settings/env';

/** The health poller's settings, read once at cold start (a bad value fails the start, naming it). */
export const healthSettings = {
  /** Requests in flight at once across the whole poll round. */
  concurrency: Math.max(1, integerEnv('OPSDECK_HEALTH_CONCURRENCY', 50)),
  /** Per-request timeout (connect, headers and body), in milliseconds. */
  timeoutMs: Math.max(1, integerEnv('OPSDECK_HEALTH_TIMEOUT_MS', 2_000)),
  /**
   * A probe round starts no new probe after this many milliseconds, so a round (and the API call
   * that runs it) ends within the budget plus one timeout however many instances hang; instances
   * not reached keep their last state and go first in the next round.
   */
  roundBudgetMs: Math.max(1, integerEnv('OPSDECK_HEALTH_ROUND_BUDGET_MS', 20_000)),
  /** A live and ready instance answering /healthz slower than this is degraded. */
  slowThresholdMs: integerEnv('OPSDECK_HEALTH_SLOW_MS', 1_000),
  /** Consecutive failed liveness probes after which an instance is unhealthy. */
  failureThreshold: Math.max(1, integerEnv('OPSDECK_HEALTH_FAILURE_THRESHOLD', 3)),
  /** The API serves a snapshot younger than this without refreshing it. */
  ttlSeconds: integerEnv('OPSDECK_HEALTH_TTL_SECONDS', 30),
  /** How long a refresh lease is held at most (a crashed refresher frees it after this). */
  leaseSeconds: Math.max(1, integerEnv('OPSDECK_HEALTH_LEASE_SECONDS', 60)),
  /** How long a caller that did not get the lease waits for the refresher's snapshot. */
  waitMs: integerEnv('OPSDECK_HEALTH_WAIT_MS', 5_000),
  /** Largest body read from /metrics. */
  maxMetricsBytes: integerEnv('OPSDECK_HEALTH_MAX_METRICS_BYTES', 1_048_576),
  /** Status transitions are kept this many days. */
  transitionRetentionDays: integerEnv('OPSDECK_HEALTH_TRANSITION_DAYS', 30),
} as const;

export type HealthSettings = typeof healthSettings;
