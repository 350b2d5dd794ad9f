/**
 * The retry schedule of a notification (pure). Exponential backoff with full jitter: before retry
 * n+1 wait a uniformly random time in [0, min(max, base × 2^(n-1))]. Retries continue until the
 * horizon (counted from the first try): the delay is clipped so that the last retry falls on the
 * horizon, and nothing is scheduled after it. `maxAttempts` is a safety cap.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly horizonMs: number;
  readonly maxAttempts: number;
}

export type NextAttempt = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/** The cap of the jittered delay after `attempt` failed tries. */
export function backoffCapMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40));
}

/**
 * What follows the failed try number `attempt` of a notification first tried at `firstTriedAt`
 * (epoch ms), at `now`: another try after `delayMs`, or none (exhausted).
 */
export function nextAttempt(
  policy: BackoffPolicy,
  attempt: number,
  firstTriedAt: number,
  now: number,
  random: () => number = Math.random,
): NextAttempt {
  const horizonEnd = firstTriedAt + policy.horizonMs;
  if (attempt >= policy.maxAttempts || now >= horizonEnd) return { retry: false };
  const jittered = Math.floor(random() * backoffCapMs(policy, attempt));
  return { retry: true, delayMs: Math.max(0, Math.min(jittered, horizonEnd - now)) };
}
