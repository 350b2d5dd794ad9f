import { commitWithAudit } from '../audit-trail/audit-repository';
import { ForbiddenError, NotFoundError, PROBLEM_TYPE_BASE } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requirePlatform,
  requireRole,
  type Principal,
} from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import type { IngestResult } from '../ingest/ingest-schemas';
import type { WorkerType } from '../platform/platform-vocabulary';
import type { Page } from '../pagination/cursor';
import { HEARTBEAT_TTL_SECONDS } from './registry-settings';
import {
  deleteWorkerWrites,
  findWorkerEntries,
  listAllWorkerEntries,
  listWorkerEntries,
  putDeclaredWorkerWrite,
  putHeartbeatRegistrations,
  type DeclaredWorker,
  type HeartbeatRegistration,
  type WorkerEntries,
} from './worker-repository';
import {
  heartbeatSchema,
  type DeclareWorkerBody,
  type ListWorkersQuery,
  type RegisteredWorker,
} from './worker-schemas';

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * One worker as the registry presents it: a declaration wins over a heartbeat registration (its
 * addresses and criticality, and it never expires); a live heartbeat adds its time.
 */
export function toRegisteredWorker(entries: WorkerEntries): RegisteredWorker {
  const { declared, heartbeat } = entries;
  if (declared) {
    return {
      worker_type: declared.worker_type,
      instance_id: declared.instance_id,
      base_url: declared.base_url,
      metrics_url: declared.metrics_url,
      criticality: declared.criticality,
      source: 'declared',
      last_heartbeat_at: heartbeat?.last_heartbeat_at ?? null,
      expires_at: null,
      updated_at: declared.updated_at,
    };
  }
  if (!heartbeat) throw new Error('a registered worker has a declaration or a heartbeat');
  return {
    worker_type: heartbeat.worker_type,
    instance_id: heartbeat.instance_id,
    base_url: heartbeat.base_url,
    metrics_url: heartbeat.metrics_url,
    criticality: heartbeat.criticality,
    source: 'heartbeat',
    last_heartbeat_at: heartbeat.last_heartbeat_at,
    expires_at: new Date(heartbeat.expires_at * 1000).toISOString(),
    updated_at: heartbeat.last_heartbeat_at,
  };
}

function authorizeRead(principal: Principal): void {
  requireRole(principal, 'viewer');
  requirePlatform(principal);
}

function authorizeWrite(principal: Principal): void {
  requireRole(principal, 'admin');
  requirePlatform(principal);
}

const workerNotFound = (workerType: string, instanceId: string) =>
  new NotFoundError(`Worker ${workerType}/${instanceId} is not registered.`);

/** Every registered worker (declared, or with a live heartbeat), for the health poller. */
export async function listRegisteredWorkers(now: Date = new Date()): Promise<RegisteredWorker[]> {
  return (await listAllWorkerEntries(epochSeconds(now))).map(toRegisteredWorker);
}

/** Lists registered workers (platform principals, viewer or above). */
export async function listWorkers(
  principal: Principal,
  query: ListWorkersQuery,
): Promise<Page<RegisteredWorker>> {
  authorizeRead(principal);
  const page = await listWorkerEntries(epochSeconds(new Date()), query);
  return { items: page.items.map(toRegisteredWorker), next_cursor: page.next_cursor };
}

/** Reads one registered worker (platform principals, viewer or above). */
export async function getWorker(
  principal: Principal,
  workerType: WorkerType,
  instanceId: string,
): Promise<RegisteredWorker> {
  authorizeRead(principal);
  const entries = await findWorkerEntries(workerType, instanceId, epochSeconds(new Date()));
  if (!entries.declared && !entries.heartbeat) throw workerNotFound(workerType, instanceId);
  return toRegisteredWorker(entries);
}

const sameDeclaration = (a: DeclaredWorker, b: DeclareWorkerBody) =>
  a.base_url === b.base_url && a.metrics_url === (b.metrics_url ?? null) && a.criticality === b.criticality;

/**
 * Declares a worker or replaces its declaration (platform admins), audited on the platform chain.
 * Repeating the same declaration changes nothing.
 */
export async function declareWorker(
  principal: Principal,
  workerType: WorkerType,
  instanceId: string,
  body: DeclareWorkerBody,
  requestId: string,
): Promise<{ worker: RegisteredWorker; created: boolean }> {
  authorizeWrite(principal);
  const now = new Date();
  const entries = await findWorkerEntries(workerType, instanceId, epochSeconds(now));
  const before = entries.declared;
  if (before && sameDeclaration(before, body)) return { worker: toRegisteredWorker(entries), created: false };
  const timestamp = now.toISOString();
  const declared: DeclaredWorker = {
    worker_type: workerType,
    instance_id: instanceId,
    base_url: body.base_url,
    metrics_url: body.metrics_url ?? null,
    criticality: body.criticality,
    created_at: before?.created_at ?? timestamp,
    updated_at:
      before && before.updated_at >= timestamp
        ? new Date(Date.parse(before.updated_at) + 1).toISOString()
        : timestamp,
  };
  await commitWithAudit(
    {
      tenant_id: PLATFORM_TENANT,
      actor: actorOf(principal),
      action: before ? 'worker.updated' : 'worker.declared',
      resource: { type: 'worker', id: `${workerType}/${instanceId}` },
      before: before ? { ...before } : null,
      after: { ...declared },
      request_id: requestId,
    },
    [putDeclaredWorkerWrite(declared, before)],
  );
  return { worker: toRegisteredWorker({ declared, heartbeat: entries.heartbeat }), created: before === null };
}

/** Removes a worker's declaration and heartbeat registration (platform admins). */
export async function deleteWorker(
  principal: Principal,
  workerType: WorkerType,
  instanceId: string,
  requestId: string,
): Promise<void> {
  authorizeWrite(principal);
  const entries = await findWorkerEntries(workerType, instanceId, epochSeconds(new Date()));
  if (!entries.declared && !entries.heartbeat) throw workerNotFound(workerType, instanceId);
  await commitWithAudit(
    {
      tenant_id: PLATFORM_TENANT,
      actor: actorOf(principal),
      action: 'worker.deleted',
      resource: { type: 'worker', id: `${workerType}/${instanceId}` },
      before: { ...toRegisteredWorker(entries) },
      after: null,
      request_id: requestId,
    },
    deleteWorkerWrites(workerType, instanceId, entries.declared),
  );
}

/**
 * Registers (or refreshes) workers from a batch of heartbeats (the `ingest` role only). Each valid
 * item becomes one registration that lives HEARTBEAT_TTL_SECONDS; repeats of a worker within the
 * batch count as duplicates (the last one is kept). Heartbeats are telemetry, not audited changes.
 */
export async function recordHeartbeats(
  principal: Principal,
  items: readonly unknown[],
  now: Date = new Date(),
): Promise<IngestResult> {
  if (principal.role !== 'ingest' || !isPlatformPrincipal(principal)) {
    throw new ForbiddenError('Heartbeats are accepted from platform keys with the ingest role only.');
  }
  const rejected: IngestResult['rejected'] = [];
  const latest = new Map<string, HeartbeatRegistration>();
  const lastHeartbeatAt = now.toISOString();
  const expiresAt = epochSeconds(now) + HEARTBEAT_TTL_SECONDS;
  let duplicates = 0;
  items.forEach((item, index) => {
    const parsed = heartbeatSchema.safeParse(item);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'item'} ${issue.message}`)
        .join('; ');
      rejected.push({ index, type: `${PROBLEM_TYPE_BASE}validation-error`, detail });
      return;
    }
    const heartbeat = parsed.data;
    const id = `${heartbeat.worker_type}#${heartbeat.instance_id}`;
    if (latest.has(id)) duplicates++;
    latest.set(id, {
      worker_type: heartbeat.worker_type,
      instance_id: heartbeat.instance_id,
      base_url: heartbeat.base_url,
      metrics_url: heartbeat.metrics_url ?? null,
      criticality: heartbeat.criticality ?? 'medium',
      last_heartbeat_at: lastHeartbeatAt,
      expires_at: expiresAt,
    });
  });
  await putHeartbeatRegistrations([...latest.values()]);
  return { accepted: latest.size, duplicates, rejected };
}
