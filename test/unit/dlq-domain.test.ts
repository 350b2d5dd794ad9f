import { describe, expect, it } from 'vitest';
import {
  checkDiscard,
  checkRetry,
  chunk,
  daysBetween,
  growthSeries,
  republishAttributes,
  statusAfterFailure,
} from '../../shared/dlq/dlq-domain';

const options = { maxRetries: 3, leaseSeconds: 300, now: new Date('2026-11-28T12:00:00Z') };

describe('DLQ status machine', () => {
  it('retries pending entries with retries left, and nothing final', () => {
    expect(checkRetry({ status: 'pending', retry_count: 0 }, options)).toEqual({ ok: true });
    expect(checkRetry({ status: 'pending', retry_count: 3 }, options)).toMatchObject({ ok: false });
    for (const status of ['succeeded', 'failed', 'discarded'] as const) {
      expect(checkRetry({ status, retry_count: 0 }, options)).toEqual({
        ok: false,
        reason: `a ${status} entry cannot be retried`,
      });
    }
  });

  it('refuses an entry in flight, unless its claim is older than the lease', () => {
    const fresh = { status: 'retrying' as const, retry_count: 1, claimed_at: '2026-11-28T11:59:00Z' };
    const stale = { ...fresh, claimed_at: '2026-11-28T11:54:59Z' };
    expect(checkRetry(fresh, options)).toEqual({ ok: false, reason: 'the entry is being retried right now' });
    expect(checkRetry(stale, options)).toEqual({ ok: true });
  });

  it('discards pending and exhausted entries only', () => {
    expect(checkDiscard({ status: 'pending' })).toEqual({ ok: true });
    expect(checkDiscard({ status: 'failed' })).toEqual({ ok: true });
    expect(checkDiscard({ status: 'retrying' }).ok).toBe(false);
    expect(checkDiscard({ status: 'succeeded' }).ok).toBe(false);
    expect(checkDiscard({ status: 'discarded' }).ok).toBe(false);
  });

  it('returns a failed retry to pending until the last retry', () => {
    expect(statusAfterFailure(1, 3)).toBe('pending');
    expect(statusAfterFailure(3, 3)).toBe('failed');
  });
});

describe('DLQ lineage and series', () => {
  it('adds lineage attributes, which win over original attributes of the same name', () => {
    expect(
      republishAttributes(
        { dlq_id: 'dlq_B', attributes: { trace: 't', 'opsdeck-dlq-attempt': '9' }, lineage_root: 'dlq_A' },
        2,
      ),
    ).toEqual({
      trace: 't',
      'opsdeck-dlq-id': 'dlq_B',
      'opsdeck-dlq-original-id': 'dlq_A',
      'opsdeck-dlq-attempt': '2',
    });
  });

  it('lists days inclusively and fills the growth series with zeros', () => {
    expect(daysBetween('2026-02-27T23:00:00Z', '2026-03-01T00:00:00Z')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(
      growthSeries(
        '2026-11-01T00:00:00Z',
        '2026-11-03T10:00:00Z',
        new Map([
          ['2026-11-03', 4],
          ['2026-11-01', 1],
        ]),
      ),
    ).toEqual([
      { day: '2026-11-01', received: 1, total: 1 },
      { day: '2026-11-02', received: 0, total: 1 },
      { day: '2026-11-03', received: 4, total: 5 },
    ]);
  });

  it('chunks lists', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 10)).toEqual([]);
  });
});
