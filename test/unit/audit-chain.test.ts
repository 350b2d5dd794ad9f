import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  chainRecord,
  type AuditEventInput,
  type AuditRecord,
} from '../../shared/audit-trail/audit-chain';

const event = (action: string): AuditEventInput => ({
  tenant_id: 'acme',
  actor: { key_id: 'k1', name: 'Ada', role: 'admin', tenant_id: 'acme' },
  action,
  resource: { type: 'tenant', id: 'acme' },
  before: null,
  after: { name: action },
  request_id: `req-${action}`,
});

function buildChain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let index = 0; index < length; index++) {
    records.push(
      chainRecord(event(`a${index}`), records.at(-1) ?? null, `e${index}`, `2026-01-01T00:00:0${index}.000Z`),
    );
  }
  return records;
}

function verify(records: AuditRecord[], head: { seq: number; hash: string } | null) {
  const verifier = new ChainVerifier('acme');
  for (const record of records) if (!verifier.accept(record)) break;
  return verifier.finish(head);
}

describe('audit hash chain', () => {
  it('links each record to the previous one, starting from the genesis hash', () => {
    const [first, second] = buildChain(2);
    expect(first!.seq).toBe(1);
    expect(first!.prev_hash).toBe(GENESIS_HASH);
    expect(second!.prev_hash).toBe(first!.hash);
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes independently of key order (canonical JSON)', () => {
    const a = chainRecord(event('x'), null, 'e', '2026-01-01T00:00:00.000Z');
    const reordered = { ...event('x'), after: Object.fromEntries(Object.entries({ name: 'x' }).reverse()) };
    expect(chainRecord(reordered, null, 'e', '2026-01-01T00:00:00.000Z').hash).toBe(a.hash);
  });

  it('accepts an intact chain', () => {
    const records = buildChain(5);
    expect(verify(records, records.at(-1)!)).toEqual({
      tenant_id: 'acme',
      ok: true,
      checked: 5,
      first_broken: null,
    });
    expect(verify([], null)).toMatchObject({ ok: true, checked: 0 });
  });

  it('finds a modified record', () => {
    const records = buildChain(4);
    records[2] = { ...records[2]!, after: { name: 'forged' } };
    expect(verify(records, records.at(-1)!)).toMatchObject({
      ok: false,
      checked: 2,
      first_broken: { seq: 3 },
    });
  });

  it('finds a record whose hash was recomputed after a change (the next link breaks)', () => {
    const records = buildChain(4);
    const { hash: _hash, ...unsigned } = { ...records[1]!, action: 'forged' };
    records[1] = chainRecord({ ...unsigned }, records[0]!, unsigned.event_id, unsigned.occurred_at);
    const result = verify(records, records.at(-1)!);
    expect(result.first_broken?.seq).toBe(3);
    expect(result.first_broken?.reason).toMatch(/prev_hash/);
  });

  it('finds a removed record in the middle and at the end', () => {
    const records = buildChain(4);
    expect(verify([records[0]!, records[2]!, records[3]!], records[3]!)).toMatchObject({
      ok: false,
      first_broken: { seq: 2 },
    });
    expect(verify(records.slice(0, 3), records[3]!)).toMatchObject({ ok: false, first_broken: { seq: 4 } });
  });

  it('finds records without a head', () => {
    expect(verify(buildChain(1), null)).toMatchObject({ ok: false, first_broken: { seq: 1 } });
  });
});
