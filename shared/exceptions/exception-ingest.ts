import pLimit from 'p-limit';
import { getActivePolicyPack } from '../config-resources/config-resource-service';
import { DEFAULT_SLA_POLICY, computeSlaDeadline } from '../sla/sla-deadline';
import type { Principal } from '../access/principal';
import { STORE_CONCURRENCY, ingestItems, storeEachOnce } from '../ingest/ingest-pipeline';
import {
  exceptionEventSchema,
  exceptionSchema,
  type ExceptionEvent,
  type ExceptionRecord,
  type IngestResult,
} from '../ingest/ingest-schemas';
import { slaWritesForUpsert } from './exception-sla-writes';
import { findTenant } from '../tenants/tenant-repository';
import {
  appendExceptionEvent,
  contentHashOf,
  findException,
  upsertException,
  upsertWouldChange,
  type StoredException,
} from './exception-repository';

/**
 * The deadline of an exception: the one the platform sent, else the one already stored, else
 * computed from the tenant's active policy pack (or the platform default) at creation time.
 */
async function withDeadline(
  record: ExceptionRecord,
  previous: StoredException | null,
): Promise<StoredException> {
  let deadline: Pick<StoredException, 'sla_deadline' | 'sla_source' | 'policy_pack_version'>;
  if (record.sla_deadline)
    deadline = { sla_deadline: record.sla_deadline, sla_source: 'reported', policy_pack_version: null };
  else if (previous) deadline = previous;
  else {
    const pack = await getActivePolicyPack(record.tenant_id);
    deadline = pack
      ? {
          sla_deadline: computeSlaDeadline(pack.content, record.severity, record.created_at),
          sla_source: 'policy_pack',
          policy_pack_version: pack.version,
        }
      : {
          sla_deadline: computeSlaDeadline(DEFAULT_SLA_POLICY, record.severity, record.created_at),
          sla_source: 'platform_default',
          policy_pack_version: null,
        };
  }
  const content = { ...record, sla_deadline: deadline.sla_deadline };
  return {
    ...content,
    sla_source: deadline.sla_source,
    policy_pack_version: deadline.policy_pack_version,
    content_hash: contentHashOf(content),
    updated_at: new Date().toISOString(),
  };
}

const MAX_RACE_RETRIES = 5;

/**
 * Stores exception records (new or changed); the same record sent again changes nothing. The SLA
 * bookkeeping of each state transition (open index, daily aggregates, breaches) commits in the
 * same transaction as the exception, so it happens exactly once.
 */
export async function storeExceptions(records: readonly ExceptionRecord[]) {
  // Within one batch the last report of an exception wins.
  const latest = new Map(records.map((record) => [`${record.tenant_id}#${record.exception_id}`, record]));
  let accepted = 0;
  let duplicates = records.length - latest.size;
  const zones = new Map<string, Promise<string>>();
  // Daily aggregates are kept by the tenant's local day; a tenant that cannot be read counts in UTC.
  const zoneOf = (tenantId: string) => {
    let zone = zones.get(tenantId);
    if (!zone) {
      zone = findTenant(tenantId).then((tenant) => tenant?.time_zone ?? 'UTC');
      zones.set(tenantId, zone);
    }
    return zone;
  };
  const limit = pLimit(STORE_CONCURRENCY);
  await limit.map([...latest.values()], async (record) => {
    for (let attempt = 0; ; attempt++) {
      const previous = await findException(record.tenant_id, record.exception_id);
      const next = await withDeadline(record, previous);
      const slaWrites = upsertWouldChange(next, previous)
        ? await slaWritesForUpsert(previous, next, await zoneOf(record.tenant_id), new Date())
        : [];
      const outcome = await upsertException(next, previous, slaWrites);
      if (outcome === 'stored') accepted += 1;
      else if (outcome === 'duplicate' || outcome === 'stale') duplicates += 1;
      else if (attempt < MAX_RACE_RETRIES) continue;
      else throw new Error(`exception ${record.exception_id} kept changing under concurrent writers`);
      return;
    }
  });
  return { accepted, duplicates };
}

/** Appends exception events; each event id is stored once. */
export const storeExceptionEvents = (events: readonly ExceptionEvent[]) =>
  storeEachOnce(
    events,
    (event) => `${event.tenant_id}#${event.exception_id}#${event.event_id}`,
    appendExceptionEvent,
  );

export const ingestExceptions = (principal: Principal, items: readonly unknown[]): Promise<IngestResult> =>
  ingestItems(principal, items, exceptionSchema, (record) => record.tenant_id, storeExceptions);

export const ingestExceptionEvents = (
  principal: Principal,
  items: readonly unknown[],
): Promise<IngestResult> =>
  ingestItems(principal, items, exceptionEventSchema, (event) => event.tenant_id, storeExceptionEvents);
