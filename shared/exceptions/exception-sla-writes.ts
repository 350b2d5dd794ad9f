import type { StoredException } from './exception-repository';
import { localDayOf } from '../sla/sla-periods';
import { imminentAt, isOpenStatus, resolutionOutcome, withBreach } from '../sla/sla-accounting';
import {
  aggregateWrites,
  breachDeleteWrite,
  breachPutWrite,
  breachResolvedWrite,
  findTracker,
  trackerChangeWrite,
  trackerDeleteWrite,
  trackerPutWrite,
  type SlaTracker,
  type TransactItem,
} from '../sla/sla-repository';

/**
 * The SLA writes that go into the same transaction as an exception's upsert, so that they happen
 * exactly once per state transition: the upsert is conditional on the version read, and a
 * repeated or stale report never reaches the transaction.
 *
 * - first seen open → start tracking it (open-by-deadline index, sweeper queue); a later report
 *   that changes its deadline, severity or type while open → re-key the tracker;
 * - open (or first seen) → resolved/closed → stop tracking; count met or breached and the
 *   resolution time in the daily aggregates; record the breach unless the sweeper already did;
 * - anything else (open → open, resolved → closed, a changed resolved report) → nothing.
 */
export async function slaWritesForUpsert(
  previous: StoredException | null,
  next: StoredException,
  zone: string,
  now: Date,
): Promise<TransactItem[]> {
  const wasOpen = previous === null || isOpenStatus(previous.status);
  if (!wasOpen) return [];
  if (isOpenStatus(next.status)) {
    const wanted: SlaTracker = {
      tenant_id: next.tenant_id,
      exception_id: next.exception_id,
      type: next.type,
      severity: next.severity,
      created_at: next.created_at,
      sla_deadline: next.sla_deadline,
      imminent_at: imminentAt(next.created_at, next.sla_deadline),
      stage: 'pending',
    };
    if (!previous) return [trackerPutWrite(wanted)];
    const unchanged =
      previous.sla_deadline === next.sla_deadline &&
      previous.severity === next.severity &&
      previous.type === next.type;
    if (unchanged) return [];
    const tracker = await findTracker(next.tenant_id, next.exception_id);
    // An expired tracker keeps what the sweeper counted its breach under.
    if (!tracker || tracker.stage === 'expired') return [];
    return [trackerChangeWrite(tracker, { ...wanted, stage: tracker.stage })];
  }
  const tracker = previous ? await findTracker(next.tenant_id, next.exception_id) : null;
  const outcome = resolutionOutcome(next, zone, now.toISOString());
  const writes: TransactItem[] = [];
  if (tracker) writes.push(trackerDeleteWrite(tracker));
  const sweeperCountedBreach = tracker?.stage === 'expired';
  // The sweeper's breach is keyed by the deadline it saw (a reported deadline may change later).
  const sweptDeadline = tracker?.sla_deadline ?? next.sla_deadline;
  if (!outcome.met && sweeperCountedBreach) {
    writes.push(breachResolvedWrite(next.tenant_id, next.exception_id, sweptDeadline, outcome.resolvedAt));
  } else if (!outcome.met) {
    withBreach(outcome.increments, outcome.breachDay!, next.severity);
    writes.push(
      breachPutWrite({
        tenant_id: next.tenant_id,
        exception_id: next.exception_id,
        type: next.type,
        severity: next.severity,
        created_at: next.created_at,
        sla_deadline: next.sla_deadline,
        resolved_at: outcome.resolvedAt,
        detected_by: 'ingest',
        recorded_at: now.toISOString(),
      }),
    );
  } else if (sweeperCountedBreach) {
    // Resolved in time but reported after the deadline passed: withdraw the sweeper's breach.
    withBreach(outcome.increments, localDayOf(sweptDeadline, zone), tracker.severity, -1);
    writes.push(breachDeleteWrite(next.tenant_id, next.exception_id, sweptDeadline));
  }
  writes.push(...aggregateWrites(next.tenant_id, outcome.increments));
  return writes;
}
