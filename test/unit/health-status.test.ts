import { describe, expect, it } from 'vitest';
import {
  deriveInstanceHealth,
  diffTransitions,
  summarizeByType,
  unprobedReason,
  type InstanceHealth,
  type ProbeOutcome,
} from '../../shared/ops-workers/health-status';

const rules = { failureThreshold: 3, slowThresholdMs: 1000 };
const ok = (ms = 5) => ({ ok: true as const, status: 200, responseTimeMs: ms });
const down = (status: number | null = 503) => ({
  ok: false as const,
  status,
  responseTimeMs: 3,
  error: status === null ? 'ECONNREFUSED' : `HTTP ${status}`,
});
const outcome = (liveness: ProbeOutcome['liveness'], readiness: ProbeOutcome['readiness'] = ok()) => ({
  liveness,
  readiness,
});

const instance = (overrides: Partial<InstanceHealth>): InstanceHealth => ({
  worker_type: 'triage',
  instance_id: 'triage-1',
  criticality: 'medium',
  status: 'healthy',
  live: true,
  ready: true,
  last_check: '2026-11-28T10:00:00.000Z',
  last_success: '2026-11-28T10:00:00.000Z',
  response_time_ms: 5,
  consecutive_failures: 0,
  reason: null,
  queue_lag: null,
  metrics_error: null,
  ...overrides,
});

describe('deriveInstanceHealth', () => {
  it('is healthy when live and ready and fast', () => {
    const result = deriveInstanceHealth(outcome(ok()), null, rules);
    expect(result).toMatchObject({ status: 'healthy', consecutive_failures: 0, reason: null });
  });

  it('is degraded when live but not ready, naming the readiness failure', () => {
    const result = deriveInstanceHealth(outcome(ok(), down(503)), null, rules);
    expect(result.status).toBe('degraded');
    expect(result.reason).toContain('readiness probe answered HTTP 503');
  });

  it('is degraded when slower than the threshold', () => {
    const result = deriveInstanceHealth(outcome(ok(1500)), null, rules);
    expect(result.status).toBe('degraded');
    expect(result.reason).toContain('slower than 1000 ms');
  });

  it('becomes unhealthy at the third consecutive failure and recovers after one success', () => {
    let previous = null as { consecutive_failures: number; last_success: string | null } | null;
    const statuses: string[] = [];
    for (let round = 0; round < 3; round++) {
      const result = deriveInstanceHealth(outcome(down(null)), previous, rules);
      statuses.push(result.status);
      previous = { consecutive_failures: result.consecutive_failures, last_success: null };
    }
    expect(statuses).toEqual(['degraded', 'degraded', 'unhealthy']);
    expect(previous!.consecutive_failures).toBe(3);
    const recovered = deriveInstanceHealth(outcome(ok()), previous, rules);
    expect(recovered).toMatchObject({ status: 'healthy', consecutive_failures: 0 });
  });
});

describe('summarizeByType', () => {
  it('weighs instances by criticality', () => {
    const [summary] = summarizeByType([
      instance({ instance_id: 'a', criticality: 'critical', status: 'healthy' }),
      instance({ instance_id: 'b', criticality: 'low', status: 'unhealthy', live: true }),
    ]);
    // (4·1 + 1·0) / 5
    expect(summary!.health_score).toBe(80);
    expect(summary!.status).toBe('degraded');
    expect(summary!.fleet_wide_failure).toBe(false);
  });

  it('reports one fleet-wide failure when most instances of a type fail at once', () => {
    const summaries = summarizeByType([
      instance({ instance_id: 'a', status: 'unhealthy', live: false }),
      instance({ instance_id: 'b', status: 'degraded', live: false }),
      instance({ instance_id: 'c', status: 'healthy' }),
      instance({ worker_type: 'tool', instance_id: 'tool-1' }),
    ]);
    const triage = summaries.find((s) => s.worker_type === 'triage')!;
    expect(triage).toMatchObject({ status: 'unhealthy', fleet_wide_failure: true, instances: 3 });
    expect(triage.reason).toBe('fleet-wide failure: 2 of 3 instances failing');
    expect(triage.counts).toEqual({ healthy: 1, degraded: 1, unhealthy: 1, total: 3 });
    expect(summaries.find((s) => s.worker_type === 'tool')!.status).toBe('healthy');
  });
});

describe('diffTransitions', () => {
  it('records instance and type transitions, and first sightings', () => {
    const before = [instance({ instance_id: 'a' }), instance({ instance_id: 'b' })];
    const after = [
      instance({ instance_id: 'a', status: 'unhealthy', live: false }),
      instance({ instance_id: 'b' }),
    ];
    const transitions = diffTransitions(
      '2026-11-28T10:01:00.000Z',
      { instances: before, summary: summarizeByType(before) },
      {
        instances: [...after, instance({ worker_type: 'tool', instance_id: 't' })],
        summary: summarizeByType(after),
      },
    );
    expect(transitions).toEqual([
      expect.objectContaining({ scope: 'instance', instance_id: 'a', from: 'healthy', to: 'unhealthy' }),
      expect.objectContaining({ scope: 'instance', instance_id: 't', from: null, to: 'healthy' }),
      expect.objectContaining({
        scope: 'worker_type',
        worker_type: 'triage',
        from: 'healthy',
        to: 'degraded',
      }),
    ]);
  });
});

describe('unprobedReason', () => {
  const note = 'not probed in the last round (its 20000 ms budget was spent)';
  it('keeps what the last probe found and notes the unreached round once', () => {
    const first = unprobedReason('liveness probe answered HTTP 503', 20_000);
    expect(first).toBe(`liveness probe answered HTTP 503; ${note}`);
    expect(unprobedReason(first, 20_000)).toBe(first);
  });
  it('is just the note for a healthy row or one no round has reached', () => {
    expect(unprobedReason(null, 20_000)).toBe(note);
    expect(unprobedReason('not probed yet (the round budget was spent)', 20_000)).toBe(note);
    expect(unprobedReason(note, 20_000)).toBe(note);
  });
});
