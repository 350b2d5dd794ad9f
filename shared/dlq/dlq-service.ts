import { ulid } from 'ulid';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { ConflictError, NotFoundError, ValidationError } from '../errors/typed-errors';
import { actorOf, requireRole, resolveTenantScope, type Principal } from '../access/principal';
import type { Page } from '../pagination/cursor';
import { findDeclaredDestination } from '../registry/destination-service';
import { checkDiscard, checkRetry, dayOf, daysBetween, growthSeries, statusAfterFailure } from './dlq-domain';
import { publishEntries } from './dlq-publisher';
import {
  claimRetryWrite,
  discardWrite,
  findDlqEntry,
  findDlqEntryTenant,
  listDlqOperations,
  operationPut,
  operationWrite,
  recordOutcomeWrite,
  type RetryOutcome,
} from './dlq-entry-repository';
import { type DlqEntry } from './dlq-entities';
import { listDlqEntries, listingDays, type DlqListScope } from './dlq-listing-repository';
import { applyStatsDeltas, readDayCounters, statusDelta } from './dlq-stats-repository';
import type { DlqDetail, DlqFilter, DlqStatsQuery, DlqSummary, ListDlqQuery } from './dlq-schemas';
import { DLQ_MAX_PLATFORM_WINDOW_DAYS, DLQ_MAX_RETRIES, DLQ_RETRY_LEASE_SECONDS } from './dlq-settings';

const DEFAULT_WINDOW_DAYS = 30;
const MAX_STATS_DAYS = 366;

/** Every DLQ route is an `/ops` route: operators and above. */
export const authorizeDlq = (principal: Principal): void => requireRole(principal, 'operator');

const notFound = (dlqId: string) => new NotFoundError(`DLQ entry ${dlqId} was not found.`);

const actorFor = (principal: Principal) => ({
  key_id: principal.keyId,
  name: principal.name,
  role: principal.role,
});

/** A list row: everything but the payload and attributes. */
export const toSummary = (entry: DlqEntry): DlqSummary => ({
  dlq_id: entry.dlq_id,
  tenant_id: entry.tenant_id,
  event_id: entry.event_id,
  event_type: entry.event_type,
  status: entry.status,
  destination: entry.destination,
  worker_type: entry.worker_type,
  failure_reason: entry.failure_reason,
  attempts: entry.attempts,
  retry_count: entry.retry_count,
  failed_at: entry.failed_at,
  received_at: entry.received_at,
  updated_at: entry.updated_at,
  retried_from: entry.retried_from,
});

/**
 * Where a listing reads for a principal: its tenant (or the one a platform principal names), or
 * for a platform principal without a tenant every tenant's day partitions within [from, to]
 * (default: the last 30 days; at most 93 days).
 */
export function listingScope(
  principal: Principal,
  filter: DlqFilter,
  now = new Date(),
): { scope: DlqListScope; filter: DlqFilter } {
  const tenantId = resolveTenantScope(principal, filter.tenant_id);
  if (tenantId !== null) return { scope: { tenantId }, filter };
  const to = filter.to ?? now.toISOString();
  const from = filter.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
  const days = listingDays(from, to);
  if (days.length > DLQ_MAX_PLATFORM_WINDOW_DAYS) {
    throw new ValidationError(
      `The query is not valid: a listing across tenants spans at most ${DLQ_MAX_PLATFORM_WINDOW_DAYS} days; name a tenant_id or narrow from/to.`,
      { errors: [{ path: 'query.from', message: `at most ${DLQ_MAX_PLATFORM_WINDOW_DAYS} days before to` }] },
    );
  }
  return { scope: { days }, filter: { ...filter, from, to } };
}

/** `GET /ops/dlq`: entries newest first, filters combined. */
export async function listDlqEntriesFor(
  principal: Principal,
  query: ListDlqQuery,
): Promise<Page<DlqSummary>> {
  authorizeDlq(principal);
  const { cursor, limit, ...filter } = query;
  const { scope, filter: effective } = listingScope(principal, filter);
  const page = await listDlqEntries(scope, effective, { cursor, limit });
  return { items: page.items.map(toSummary), next_cursor: page.next_cursor };
}

/** Reads an entry the principal may see (404 for anything else). */
export async function loadDlqEntry(principal: Principal, dlqId: string): Promise<DlqEntry> {
  const tenantId = principal.tenantId ?? (await findDlqEntryTenant(dlqId));
  if (tenantId === null) throw notFound(dlqId);
  const entry = await findDlqEntry(tenantId, dlqId);
  if (!entry) throw notFound(dlqId);
  return entry;
}

/** The full entry with its attempt history and lineage. */
export async function toDetail(entry: DlqEntry): Promise<DlqDetail> {
  const history = await listDlqOperations(entry.tenant_id, entry.dlq_id);
  return {
    ...toSummary(entry),
    payload: entry.payload,
    attributes: entry.attributes,
    discard_reason: entry.discard_reason,
    history,
    lineage: {
      retried_from: entry.retried_from,
      original_dlq_id: entry.lineage_root ?? entry.dlq_id,
      retried_to: entry.retried_to,
    },
  };
}

/** `GET /ops/dlq/{id}`. */
export async function getDlqEntryFor(principal: Principal, dlqId: string): Promise<DlqDetail> {
  authorizeDlq(principal);
  return toDetail(await loadDlqEntry(principal, dlqId));
}

/** The instant after `previous`, so that an entry's updated_at always moves forward. */
const after = (previous: string): string => {
  const now = new Date().toISOString();
  return now > previous ? now : new Date(Date.parse(previous) + 1).toISOString();
};

/**
 * `POST /ops/dlq/{id}/retry`: claims the entry (pending → retrying, conditional, audited), then
 * publishes to its original destination if it is still declared, then records the outcome
 * (succeeded, or back to pending with attempts + 1 and the reason; failed once no retry is left).
 * Of two concurrent retries one claims and publishes; the other gets 409.
 */
export async function retryDlqEntry(
  principal: Principal,
  dlqId: string,
  requestId: string,
): Promise<{ outcome: 'succeeded' | 'failed'; reason: string | null; entry: DlqDetail }> {
  authorizeDlq(principal);
  const entry = await loadDlqEntry(principal, dlqId);
  const check = checkRetry(entry, {
    maxRetries: DLQ_MAX_RETRIES,
    leaseSeconds: DLQ_RETRY_LEASE_SECONDS,
    now: new Date(),
  });
  if (!check.ok) throw new ConflictError(`DLQ entry ${dlqId} cannot be retried: ${check.reason}.`);
  const token = ulid();
  const claimedAt = after(entry.updated_at);
  const claimed: DlqEntry = {
    ...entry,
    status: 'retrying',
    retry_count: entry.retry_count + 1,
    claim_token: token,
    claimed_at: claimedAt,
    updated_at: claimedAt,
  };
  const actor = actorFor(principal);
  const resource = { type: 'dlq_entry', id: dlqId };
  await commitWithAudit(
    {
      tenant_id: entry.tenant_id,
      actor: actorOf(principal),
      action: 'dlq.retry_started',
      resource,
      before: { status: entry.status, retry_count: entry.retry_count },
      after: { status: 'retrying', retry_count: claimed.retry_count },
      request_id: requestId,
    },
    [
      claimRetryWrite(
        entry,
        { token, at: claimedAt, batchId: null },
        () => new ConflictError(`DLQ entry ${dlqId} was retried or changed meanwhile.`),
      ),
      operationWrite(
        operationPut({
          dlq_id: dlqId,
          tenant_id: entry.tenant_id,
          operation: 'retry_started',
          occurred_at: claimedAt,
          actor,
          attempt: claimed.retry_count,
          reason: null,
          batch_id: null,
        }),
      ),
    ],
  );
  await applyStatsDeltas([statusDelta(entry, entry.status, 'retrying')]);

  const declared = await findDeclaredDestination(
    entry.tenant_id,
    entry.destination.kind,
    entry.destination.address,
  );
  const [published] = declared
    ? await publishEntries([{ entry: claimed, attempt: claimed.retry_count }])
    : [{ ok: false as const, reason: 'the destination is no longer declared' }];
  const outcome: RetryOutcome = published!.ok
    ? { outcome: 'succeeded', reason: null, status: 'succeeded' }
    : {
        outcome: 'failed',
        reason: published!.reason,
        status: statusAfterFailure(claimed.retry_count, DLQ_MAX_RETRIES),
      };
  const recordedAt = after(claimedAt);
  await commitWithAudit(
    {
      tenant_id: entry.tenant_id,
      actor: actorOf(principal),
      action: outcome.outcome === 'succeeded' ? 'dlq.retry_succeeded' : 'dlq.retry_failed',
      resource,
      before: { status: 'retrying', retry_count: claimed.retry_count },
      after: { status: outcome.status, retry_count: claimed.retry_count, reason: outcome.reason },
      request_id: requestId,
    },
    [
      recordOutcomeWrite(
        claimed,
        token,
        outcome,
        recordedAt,
        () => new ConflictError(`DLQ entry ${dlqId} was taken over by another retry meanwhile.`),
      ),
      operationWrite(
        operationPut({
          dlq_id: dlqId,
          tenant_id: entry.tenant_id,
          operation: outcome.outcome === 'succeeded' ? 'retry_succeeded' : 'retry_failed',
          occurred_at: recordedAt,
          actor,
          attempt: claimed.retry_count,
          reason: outcome.reason,
          batch_id: null,
        }),
      ),
    ],
  );
  await applyStatsDeltas([statusDelta(entry, 'retrying', outcome.status)]);
  const latest = await findDlqEntry(entry.tenant_id, dlqId);
  return { outcome: outcome.outcome, reason: outcome.reason, entry: await toDetail(latest!) };
}

/** `POST /ops/dlq/{id}/discard`: pending or failed → discarded (terminal), with a reason. */
export async function discardDlqEntry(
  principal: Principal,
  dlqId: string,
  reason: string,
  requestId: string,
): Promise<DlqDetail> {
  authorizeDlq(principal);
  const entry = await loadDlqEntry(principal, dlqId);
  const check = checkDiscard(entry);
  if (!check.ok) throw new ConflictError(`DLQ entry ${dlqId} cannot be discarded: ${check.reason}.`);
  const at = after(entry.updated_at);
  await commitWithAudit(
    {
      tenant_id: entry.tenant_id,
      actor: actorOf(principal),
      action: 'dlq.discarded',
      resource: { type: 'dlq_entry', id: dlqId },
      before: { status: entry.status },
      after: { status: 'discarded', discard_reason: reason },
      request_id: requestId,
    },
    [
      discardWrite(
        entry,
        reason,
        at,
        () => new ConflictError(`DLQ entry ${dlqId} was retried or changed meanwhile.`),
      ),
      operationWrite(
        operationPut({
          dlq_id: dlqId,
          tenant_id: entry.tenant_id,
          operation: 'discarded',
          occurred_at: at,
          actor: actorFor(principal),
          attempt: null,
          reason,
          batch_id: null,
        }),
      ),
    ],
  );
  await applyStatsDeltas([statusDelta(entry, entry.status, 'discarded')]);
  return toDetail((await findDlqEntry(entry.tenant_id, dlqId))!);
}

/**
 * `GET /ops/dlq/stats`: counts over [from, to] (default the last 30 days) grouped by tenant,
 * event type, status or day, plus the daily growth series; reads one counter item per tenant
 * and day, never the entries.
 */
export async function getDlqStatsFor(principal: Principal, query: DlqStatsQuery) {
  authorizeDlq(principal);
  const tenantId = resolveTenantScope(principal, query.tenant_id);
  const to = query.to ?? new Date().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
  if (daysBetween(from, to).length > MAX_STATS_DAYS) {
    throw new ValidationError(`The query is not valid: statistics span at most ${MAX_STATS_DAYS} days.`, {
      errors: [{ path: 'query.from', message: `at most ${MAX_STATS_DAYS} days before to` }],
    });
  }
  const rows = await readDayCounters(tenantId, dayOf(from), dayOf(to));
  const groups = new Map<string, number>();
  const receivedByDay = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, amount: number) =>
    map.set(key, (map.get(key) ?? 0) + amount);
  let total = 0;
  for (const row of rows) {
    const received = row.counters.received ?? 0;
    total += received;
    add(receivedByDay, row.day, received);
    for (const [name, amount] of Object.entries(row.counters)) {
      if (query.group_by === 'tenant' && name === 'received') add(groups, row.tenant_id, amount);
      if (query.group_by === 'day' && name === 'received') add(groups, row.day, amount);
      if (query.group_by === 'status' && name.startsWith('status_')) add(groups, name.slice(7), amount);
      if (query.group_by === 'event_type' && name.startsWith('et:')) add(groups, name.slice(3), amount);
    }
  }
  return {
    from,
    to,
    group_by: query.group_by,
    total,
    groups: [...groups]
      .filter(([, count]) => count > 0)
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => (query.group_by === 'day' ? a.key.localeCompare(b.key) : b.count - a.count)),
    growth: growthSeries(from, to, receivedByDay),
  };
}
