import type { WorkerType } from '../platform/platform-vocabulary';
import type { WorkerCriticality } from '../registry/worker-schemas';

/**
 * Health derivation (pure): from one round's probe outcome and the instance's previous state to
 * its new state, and from the instances to a per-type summary weighted by criticality.
 */

export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** What one request of a probe round found. */
export type ProbeResult =
  | { ok: true; status: number; responseTimeMs: number }
  | { ok: false; status: number | null; responseTimeMs: number; error: string };

export interface ProbeOutcome {
  liveness: ProbeResult;
  readiness: ProbeResult;
}

/** One instance's stored health. */
export interface InstanceHealth {
  worker_type: WorkerType;
  instance_id: string;
  criticality: WorkerCriticality;
  status: HealthStatus;
  live: boolean;
  ready: boolean;
  /** Null for an instance no round has reached yet. */
  last_check: string | null;
  last_success: string | null;
  response_time_ms: number;
  consecutive_failures: number;
  reason: string | null;
  /** Queue lag the worker reported on /metrics, by queue; null when not scraped. */
  queue_lag: Record<string, number> | null;
  metrics_error: string | null;
}

export interface DerivationRules {
  failureThreshold: number;
  slowThresholdMs: number;
}

const describeFailure = (probe: string, result: Extract<ProbeResult, { ok: false }>) =>
  result.status === null ? `${probe} failed: ${result.error}` : `${probe} answered HTTP ${result.status}`;

/**
 * The new state of an instance: live and ready → healthy (degraded when slower than the
 * threshold); live but not ready → degraded; not live → degraded until `failureThreshold`
 * consecutive failures, then unhealthy. One live answer resets the count.
 */
export function deriveInstanceHealth(
  outcome: ProbeOutcome,
  previous: Pick<InstanceHealth, 'consecutive_failures' | 'last_success'> | null,
  rules: DerivationRules,
): Pick<
  InstanceHealth,
  'status' | 'live' | 'ready' | 'response_time_ms' | 'consecutive_failures' | 'reason'
> & { succeeded: boolean } {
  const { liveness, readiness } = outcome;
  const responseTimeMs = Math.round(liveness.responseTimeMs);
  if (!liveness.ok) {
    const failures = (previous?.consecutive_failures ?? 0) + 1;
    const unhealthy = failures >= rules.failureThreshold;
    return {
      status: unhealthy ? 'unhealthy' : 'degraded',
      live: false,
      ready: readiness.ok,
      response_time_ms: responseTimeMs,
      consecutive_failures: failures,
      reason: `${describeFailure('liveness probe', liveness)} (${failures} consecutive ${failures === 1 ? 'failure' : 'failures'}, unhealthy from ${rules.failureThreshold})`,
      succeeded: false,
    };
  }
  const base = { live: true, response_time_ms: responseTimeMs, consecutive_failures: 0, succeeded: true };
  if (!readiness.ok) {
    return {
      ...base,
      status: 'degraded',
      ready: false,
      reason: describeFailure('readiness probe', readiness),
    };
  }
  if (responseTimeMs > rules.slowThresholdMs) {
    return {
      ...base,
      status: 'degraded',
      ready: true,
      reason: `liveness probe took ${responseTimeMs} ms (slower than ${rules.slowThresholdMs} ms)`,
    };
  }
  return { ...base, status: 'healthy', ready: true, reason: null };
}

const NOT_PROBED = 'not probed in the last round';

/**
 * The reason of an instance the round's budget did not reach: what its last probe found, then a
 * note that this round did not reach it. The note replaces an earlier one rather than stacking up
 * over consecutive unreached rounds.
 */
export function unprobedReason(previous: string | null, roundBudgetMs: number): string {
  const note = `${NOT_PROBED} (its ${roundBudgetMs} ms budget was spent)`;
  const probed = previous?.split(`; ${NOT_PROBED}`)[0] ?? null;
  return probed && !probed.startsWith('not probed') ? `${probed}; ${note}` : note;
}

export const CRITICALITY_WEIGHTS: Record<WorkerCriticality, number> = {
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};
const STATUS_SCORE: Record<HealthStatus, number> = { healthy: 1, degraded: 0.5, unhealthy: 0 };

export type StatusCounts = Record<HealthStatus, number> & { total: number };

export interface WorkerTypeSummary {
  worker_type: WorkerType;
  status: HealthStatus;
  instances: number;
  counts: StatusCounts;
  /** 0–100: instances' health weighted by their criticality (healthy 1, degraded ½, unhealthy 0). */
  health_score: number;
  /** Most instances of the type fail at once: one summary instead of N separate failures. */
  fleet_wide_failure: boolean;
  reason: string | null;
}

/** Counts instances by status. */
export function countByStatus(instances: readonly Pick<InstanceHealth, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { healthy: 0, degraded: 0, unhealthy: 0, total: instances.length };
  for (const instance of instances) counts[instance.status] += 1;
  return counts;
}

/**
 * One summary per worker type. A type whose failing instances (liveness failing now) are more
 * than half of at least two instances is a fleet-wide failure and unhealthy as a whole.
 * Otherwise the type is unhealthy when every instance is, degraded when any is not healthy
 * or when the criticality-weighted score falls below 100.
 */
export function summarizeByType(instances: readonly InstanceHealth[]): WorkerTypeSummary[] {
  const byType = new Map<WorkerType, InstanceHealth[]>();
  for (const instance of instances) {
    const list = byType.get(instance.worker_type) ?? [];
    list.push(instance);
    byType.set(instance.worker_type, list);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([workerType, members]) => {
      const counts = countByStatus(members);
      const totalWeight = members.reduce((sum, m) => sum + CRITICALITY_WEIGHTS[m.criticality], 0);
      const score = members.reduce(
        (sum, m) => sum + CRITICALITY_WEIGHTS[m.criticality] * STATUS_SCORE[m.status],
        0,
      );
      const failing = members.filter((m) => !m.live).length;
      const fleetWideFailure = members.length >= 2 && failing * 2 > members.length;
      let status: HealthStatus = 'healthy';
      let reason: string | null = null;
      if (fleetWideFailure) {
        status = 'unhealthy';
        reason = `fleet-wide failure: ${failing} of ${members.length} instances failing`;
      } else if (counts.unhealthy === members.length) {
        status = 'unhealthy';
        reason = `all ${members.length} ${members.length === 1 ? 'instance is' : 'instances are'} unhealthy`;
      } else if (counts.healthy < members.length) {
        status = 'degraded';
        reason = `${members.length - counts.healthy} of ${members.length} instances not healthy`;
      }
      return {
        worker_type: workerType,
        status,
        instances: members.length,
        counts,
        health_score: totalWeight === 0 ? 100 : Math.round((score / totalWeight) * 1000) / 10,
        fleet_wide_failure: fleetWideFailure,
        reason,
      };
    });
}

/** A change of status of an instance, or of a worker type's summary, for alerting. */
export interface HealthTransition {
  at: string;
  scope: 'instance' | 'worker_type';
  worker_type: WorkerType;
  instance_id: string | null;
  from: HealthStatus | null;
  to: HealthStatus;
  reason: string | null;
  fleet_wide_failure: boolean;
}

/** The transitions between two rounds (a first sighting counts as a transition from null). */
export function diffTransitions(
  at: string,
  previous: { instances: readonly InstanceHealth[]; summary: readonly WorkerTypeSummary[] },
  current: { instances: readonly InstanceHealth[]; summary: readonly WorkerTypeSummary[] },
): HealthTransition[] {
  const transitions: HealthTransition[] = [];
  const before = new Map(previous.instances.map((i) => [`${i.worker_type}#${i.instance_id}`, i]));
  for (const instance of current.instances) {
    const old = before.get(`${instance.worker_type}#${instance.instance_id}`);
    if (old?.status === instance.status) continue;
    transitions.push({
      at,
      scope: 'instance',
      worker_type: instance.worker_type,
      instance_id: instance.instance_id,
      from: old?.status ?? null,
      to: instance.status,
      reason: instance.reason,
      fleet_wide_failure: false,
    });
  }
  const summaries = new Map(previous.summary.map((s) => [s.worker_type, s]));
  for (const summary of current.summary) {
    const old = summaries.get(summary.worker_type);
    if (old?.status === summary.status && old.fleet_wide_failure === summary.fleet_wide_failure) continue;
    transitions.push({
      at,
      scope: 'worker_type',
      worker_type: summary.worker_type,
      instance_id: null,
      from: old?.status ?? null,
      to: summary.status,
      reason: summary.reason,
      fleet_wide_failure: summary.fleet_wide_failure,
    });
  }
  return transitions;
}
