import { randomUUID } from 'node:crypto';
import { requireRole, resolveTenantScope, type Principal } from '../access/principal';
import { listRegisteredWorkers } from '../registry/worker-service';
import { probeWorkers } from './health-prober';
import {
  acquireRefreshLease,
  readHealthSnapshot,
  readSnapshotGeneratedAt,
  releaseRefreshLease,
  writeHealthSnapshot,
} from './health-repository';
import type { WorkerHealthQuery, WorkerHealthResponse } from './health-schemas';
import { healthSettings, type HealthSettings } from './health-settings';
import {
  countByStatus,
  deriveInstanceHealth,
  diffTransitions,
  unprobedReason,
  summarizeByType,
  type InstanceHealth,
} from './health-status';

export interface RefreshResult {
  refreshed: boolean;
  instances: number;
  transitions: number;
  /** Instances the round's budget did not reach (they go first next round). */
  unprobed: number;
  round_ms: number;
}

const instanceKey = (instance: { worker_type: string; instance_id: string }) =>
  `${instance.worker_type}#${instance.instance_id}`;

/** One probe round over the whole registry, stored as the new snapshot (lease held by the caller). */
async function runProbeRound(now: Date, settings: HealthSettings): Promise<Omit<RefreshResult, 'refreshed'>> {
  const started = performance.now();
  const [workers, previous] = await Promise.all([listRegisteredWorkers(now), readHealthSnapshot()]);
  const before = new Map(previous.instances.map((instance) => [instanceKey(instance), instance]));
  // The instances checked longest ago (never checked first) go first, so that when the round's
  // budget runs out, the next round continues where this one stopped.
  const lastCheck = (worker: { worker_type: string; instance_id: string }) =>
    before.get(instanceKey(worker))?.last_check ?? '';
  const ordered = [...workers].sort((a, b) => lastCheck(a).localeCompare(lastCheck(b)));
  const probes = await probeWorkers(ordered, { ...settings, deadline: started + settings.roundBudgetMs });
  const checkedAt = new Date().toISOString();
  let unprobed = 0;
  const instances: InstanceHealth[] = probes.map(({ worker, outcome, metrics }) => {
    const old = before.get(instanceKey(worker)) ?? null;
    if (outcome === null) {
      unprobed += 1;
      return old
        ? {
            ...old,
            criticality: worker.criticality,
            reason: unprobedReason(old.reason, settings.roundBudgetMs),
          }
        : {
            worker_type: worker.worker_type,
            instance_id: worker.instance_id,
            criticality: worker.criticality,
            status: 'degraded',
            live: false,
            ready: false,
            response_time_ms: 0,
            consecutive_failures: 0,
            reason: `not probed yet (the round's ${settings.roundBudgetMs} ms budget was spent)`,
            last_check: null,
            last_success: null,
            queue_lag: null,
            metrics_error: null,
          };
    }
    const { succeeded, ...derived } = deriveInstanceHealth(outcome, old, settings);
    return {
      worker_type: worker.worker_type,
      instance_id: worker.instance_id,
      criticality: worker.criticality,
      ...derived,
      last_check: checkedAt,
      last_success: succeeded ? checkedAt : (old?.last_success ?? null),
      queue_lag: metrics?.queueLag ?? null,
      metrics_error: metrics?.error ?? null,
    };
  });
  const current = new Set(instances.map(instanceKey));
  const summary = summarizeByType(instances);
  const transitions = diffTransitions(
    checkedAt,
    { instances: previous.instances, summary: previous.header?.summary ?? [] },
    { instances, summary },
  );
  const roundMs = Math.round(performance.now() - started);
  await writeHealthSnapshot({
    header: { generated_at: checkedAt, round_ms: roundMs, counts: countByStatus(instances), summary },
    instances,
    removed: previous.instances.filter((instance) => !current.has(instanceKey(instance))),
    transitions,
    transitionRetentionDays: settings.transitionRetentionDays,
  });
  return { instances: instances.length, transitions: transitions.length, unprobed, round_ms: roundMs };
}

/**
 * Refreshes the health snapshot unless another caller is refreshing it (a conditional-write
 * lease). `unlessChangedFrom`: skip the round when the snapshot is no longer the one the caller
 * saw as stale — someone else refreshed it between the caller's read and its lease.
 */
export async function refreshWorkerHealth(
  options: { now?: Date; unlessChangedFrom?: string | null; settings?: HealthSettings } = {},
): Promise<RefreshResult> {
  const settings = options.settings ?? healthSettings;
  const now = options.now ?? new Date();
  const owner = randomUUID();
  const skipped = { refreshed: false, instances: 0, transitions: 0, unprobed: 0, round_ms: 0 };
  if (!(await acquireRefreshLease(owner, now, settings.leaseSeconds))) return skipped;
  try {
    if (options.unlessChangedFrom !== undefined) {
      const generatedAt = await readSnapshotGeneratedAt();
      if (generatedAt !== options.unlessChangedFrom) return skipped;
    }
    return { refreshed: true, ...(await runProbeRound(now, settings)) };
  } finally {
    await releaseRefreshLease(owner);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (briefly) until the snapshot differs from `seen`, i.e. the refresher has finished. */
async function waitForNewSnapshot(seen: string | null, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    await sleep(150);
    if ((await readSnapshotGeneratedAt()) !== seen) return;
  }
}

/**
 * `GET /ops/workers/health`: the stored snapshot while younger than the TTL; otherwise (or when
 * `refresh=true`) one caller refreshes it and the others wait briefly for that round, then serve
 * what is stored. Operators and above; the fleet is shared, so every tenant sees the same rows.
 */
export async function getWorkerHealth(
  principal: Principal,
  query: WorkerHealthQuery,
  settings: HealthSettings = healthSettings,
): Promise<WorkerHealthResponse> {
  requireRole(principal, 'operator');
  resolveTenantScope(principal, query.tenant_id);
  const seen = await readSnapshotGeneratedAt();
  const ageMs = (at: string | null) => (at === null ? Infinity : Date.now() - Date.parse(at));
  let refreshed = false;
  if (query.refresh === 'true' || ageMs(seen) >= settings.ttlSeconds * 1000) {
    refreshed = (await refreshWorkerHealth({ unlessChangedFrom: seen, settings })).refreshed;
    if (!refreshed && (await readSnapshotGeneratedAt()) === seen)
      await waitForNewSnapshot(seen, settings.waitMs);
  }
  const snapshot = await readHealthSnapshot();
  const generatedAt = snapshot.header?.generated_at ?? null;
  const age = ageMs(generatedAt);
  const items = snapshot.instances
    .filter((instance) => query.worker_type === undefined || instance.worker_type === query.worker_type)
    .map(({ queue_lag: _lag, metrics_error: _error, ...row }) => row);
  const summary = (snapshot.header?.summary ?? []).filter(
    (entry) => query.worker_type === undefined || entry.worker_type === query.worker_type,
  );
  return {
    generated_at: generatedAt,
    age_seconds: generatedAt === null ? null : Math.max(0, Math.round(age / 100) / 10),
    ttl_seconds: settings.ttlSeconds,
    stale: age >= settings.ttlSeconds * 1000,
    refreshed,
    counts: countByStatus(items),
    summary,
    items,
  };
}
