import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audit trail is a hash chain per tenant: each record's hash covers its content and the
 * previous record's hash, so that changing or removing any record breaks every later link.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  key_id: string;
  name: string;
  role: string;
  tenant_id: string | null;
}

export interface AuditEventInput {
  /** The chain the event belongs to: a tenant id, or `platform`. */
  tenant_id: string;
  actor: AuditActor;
  action: string;
  resource: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string;
}

export interface AuditRecord extends AuditEventInput {
  seq: number;
  event_id: string;
  occurred_at: string;
  prev_hash: string;
  hash: string;
}

/** The digest of a record: SHA-256 over the RFC 8785 canonical JSON of every field but `hash`. */
export function computeAuditHash(record: Omit<AuditRecord, 'hash'>): string {
  const content: Omit<AuditRecord, 'hash'> = {
    tenant_id: record.tenant_id,
    seq: record.seq,
    event_id: record.event_id,
    occurred_at: record.occurred_at,
    actor: record.actor,
    action: record.action,
    resource: record.resource,
    before: record.before,
    after: record.after,
    request_id: record.request_id,
    prev_hash: record.prev_hash,
  };
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/** Builds the next record of a chain whose head is `previous` (null for the first). */
export function chainRecord(
  input: AuditEventInput,
  previous: { seq: number; hash: string } | null,
  eventId: string,
  occurredAt: string,
): AuditRecord {
  const unsigned = {
    ...input,
    seq: (previous?.seq ?? 0) + 1,
    event_id: eventId,
    occurred_at: occurredAt,
    prev_hash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unsigned, hash: computeAuditHash(unsigned) };
}

export interface ChainVerification {
  tenant_id: string;
  ok: boolean;
  checked: number;
  first_broken: { seq: number; reason: string } | null;
}

/**
 * Walks records in sequence order and reports the first broken link: a record whose content no
 * longer matches its hash, one that does not point at its predecessor, a gap in the sequence
 * (a removed record), or a head that is ahead of the last record (removed tail).
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  private checked = 0;
  private broken: { seq: number; reason: string } | null = null;

  constructor(private readonly tenantId: string) {}

  /** Feeds the next record; returns false once a break has been found (stop reading). */
  accept(record: AuditRecord): boolean {
    if (this.broken) return false;
    if (record.seq !== this.expectedSeq) {
      this.broken = {
        seq: this.expectedSeq,
        reason:
          record.seq > this.expectedSeq
            ? `record ${this.expectedSeq} is missing (next present is ${record.seq})`
            : `record ${record.seq} appears out of order`,
      };
      return false;
    }
    if (record.prev_hash !== this.previousHash) {
      this.broken = { seq: record.seq, reason: 'prev_hash does not match the hash of the previous record' };
      return false;
    }
    const { hash, ...unsigned } = record;
    if (computeAuditHash(unsigned) !== hash) {
      this.broken = { seq: record.seq, reason: 'content does not match its hash (record was modified)' };
      return false;
    }
    this.previousHash = hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  /** Completes the walk against the chain head (the last seq and hash ever appended). */
  finish(head: { seq: number; hash: string } | null): ChainVerification {
    if (!this.broken && head) {
      const lastSeq = this.expectedSeq - 1;
      if (head.seq > lastSeq) {
        this.broken = { seq: lastSeq + 1, reason: `records ${lastSeq + 1}..${head.seq} are missing` };
      } else if (head.seq === lastSeq && head.hash !== this.previousHash) {
        this.broken = { seq: lastSeq, reason: 'the chain head does not match the last record' };
      }
    }
    if (!this.broken && !head && this.checked > 0) {
      this.broken = { seq: 1, reason: 'records exist but the chain head is missing' };
    }
    return {
      tenant_id: this.tenantId,
      ok: this.broken === null,
      checked: this.checked,
      first_broken: this.broken,
    };
  }
}
