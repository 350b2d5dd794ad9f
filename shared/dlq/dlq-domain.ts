/**
 * Pure DLQ rules: the status machine, lineage attributes, day buckets and growth series.
 * No I/O here; the repository and services apply these.
 */

import type { DlqStatus } from './dlq-vocabulary';

export interface RetryableState {
  status: DlqStatus;
  retry_count: number;
  claimed_at?: string | null;
}

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a retry may claim the entry now: pending entries with retries left, and `retrying`
 * entries whose claim is older than the lease (its claimant died between claim and record).
 */
export function checkRetry(
  entry: RetryableState,
  options: { maxRetries: number; leaseSeconds: number; now: Date },
): TransitionCheck {
  if (entry.status === 'retrying') {
    const claimedAt = entry.claimed_at ? Date.parse(entry.claimed_at) : 0;
    if (options.now.getTime() - claimedAt < options.leaseSeconds * 1000) {
      return { ok: false, reason: 'the entry is being retried right now' };
    }
  } else if (entry.status !== 'pending') {
    return { ok: false, reason: `a ${entry.status} entry cannot be retried` };
  }
  if (entry.retry_count >= options.maxRetries) {
    return { ok: false, reason: `the entry has used all ${options.maxRetries} retries` };
  }
  return { ok: true };
}

/** Whether an entry may be discarded: anything not already final or in flight. */
export function checkDiscard(entry: { status: DlqStatus }): TransitionCheck {
  if (entry.status === 'pending' || entry.status === 'failed') return { ok: true };
  return { ok: false, reason: `a ${entry.status} entry cannot be discarded` };
}

/** The status after a failed retry: back to pending, or `failed` when no retry is left. */
export const statusAfterFailure = (retryCount: number, maxRetries: number): DlqStatus =>
  retryCount >= maxRetries ? 'failed' : 'pending';

/** Message attributes that tie a republished event to its DLQ entry. */
export const LINEAGE_ATTRIBUTES = {
  dlqId: 'opsdeck-dlq-id',
  originalDlqId: 'opsdeck-dlq-original-id',
  attempt: 'opsdeck-dlq-attempt',
} as const;

/** The event's original attributes plus the lineage attributes (which win on a name clash). */
export function republishAttributes(
  entry: { dlq_id: string; attributes: Record<string, string>; lineage_root?: string | null },
  attempt: number,
): Record<string, string> {
  return {
    ...entry.attributes,
    [LINEAGE_ATTRIBUTES.dlqId]: entry.dlq_id,
    [LINEAGE_ATTRIBUTES.originalDlqId]: entry.lineage_root ?? entry.dlq_id,
    [LINEAGE_ATTRIBUTES.attempt]: String(attempt),
  };
}

/** The UTC day (`YYYY-MM-DD`) of an ISO instant. */
export const dayOf = (instant: string): string => instant.slice(0, 10);

/** Every UTC day from `from` to `to` (inclusive), oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${dayOf(to)}T00:00:00.000Z`);
  for (let day = Date.parse(`${dayOf(from)}T00:00:00.000Z`); day <= end; day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/** A daily series over [from, to] with zero for days without entries; `total` is cumulative. */
export function growthSeries(
  from: string,
  to: string,
  receivedByDay: ReadonlyMap<string, number>,
): { day: string; received: number; total: number }[] {
  let total = 0;
  return daysBetween(from, to).map((day) => {
    const received = receivedByDay.get(day) ?? 0;
    total += received;
    return { day, received, total };
  });
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** The lower-cased failure reason the `q` filter searches. */
export const searchableReason = (reason: string): string => reason.toLowerCase();
