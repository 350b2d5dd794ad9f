import { describe, expect, it } from 'vitest';
import type { StoredException } from '../../shared/exceptions/exception-repository';
import {
  assessOpenException,
  complianceOf,
  imminentAt,
  resolutionOutcome,
  resolutionStats,
  sweepAction,
  totalsBySeverity,
  withBreach,
} from '../../shared/sla/sla-accounting';
import { slaWritesForUpsert } from '../../shared/exceptions/exception-sla-writes';

process.env.OPSDECK_TABLE_SLA ??= 'unit-sla';

const exception = (overrides: Partial<StoredException> = {}): StoredException => ({
  exception_id: 'exc-1',
  tenant_id: 'acme',
  type: 'PaymentFailed',
  severity: 'HIGH',
  source_system: 'SAP',
  status: 'OPEN',
  created_at: '2026-10-25T18:00:00.000Z',
  sla_deadline: '2026-10-25T22:00:00.000Z',
  sla_source: 'platform_default',
  policy_pack_version: null,
  content_hash: 'h1',
  updated_at: '2026-10-25T18:00:00.000Z',
  ...overrides,
});

describe('SLA accounting', () => {
  it('counts a resolution at the deadline itself as met, on the local day of resolution', () => {
    const outcome = resolutionOutcome(
      {
        severity: 'HIGH',
        created_at: '2026-10-25T18:00:00Z',
        sla_deadline: '2026-10-25T23:30:00Z',
        resolved_at: '2026-10-25T23:30:00Z',
      },
      'Europe/Berlin',
      '2026-10-26T00:00:00Z',
    );
    expect(outcome.met).toBe(true);
    expect(outcome.resolutionMs).toBe(5.5 * 3_600_000);
    expect(outcome.breachDay).toBeNull();
    // 23:30Z on the fall-back day is 00:30 on 26 Oct in Berlin.
    expect([...outcome.increments.keys()]).toEqual(['2026-10-26']);
    expect(outcome.increments.get('2026-10-26')).toMatchObject({ 'met#HIGH': 1, 'resolved#HIGH': 1 });
  });

  it('puts a breach on the local day of the deadline, not of the late resolution', () => {
    const outcome = resolutionOutcome(
      {
        severity: 'LOW',
        created_at: '2026-03-01T00:00:00Z',
        sla_deadline: '2026-03-31T21:59:00Z',
        resolved_at: '2026-04-02T08:00:00Z',
      },
      'Europe/Berlin',
      '2026-04-02T08:00:00Z',
    );
    expect(outcome.met).toBe(false);
    expect(outcome.breachDay).toBe('2026-03-31');
    expect(outcome.increments.get('2026-04-02')).not.toHaveProperty('met#LOW');
  });

  it('uses the first time the exception was seen resolved when resolved_at is missing', () => {
    const outcome = resolutionOutcome(
      { severity: 'CRITICAL', created_at: '2026-11-28T10:00:00Z', sla_deadline: '2026-11-28T11:00:00Z' },
      'UTC',
      '2026-11-28T10:30:00.000Z',
    );
    expect(outcome).toMatchObject({
      met: true,
      resolvedAt: '2026-11-28T10:30:00.000Z',
      resolutionMs: 1_800_000,
    });
  });

  it('sweeps pending → imminent → expired, and jumps straight to expired after the deadline', () => {
    const tracker = {
      stage: 'pending' as const,
      imminent_at: imminentAt('2026-11-28T10:00:00Z', '2026-11-28T11:40:00Z'),
      sla_deadline: '2026-11-28T11:40:00Z',
    };
    expect(tracker.imminent_at).toBe('2026-11-28T11:20:00.000Z');
    expect(sweepAction(tracker, new Date('2026-11-28T11:19:59Z'))).toBeNull();
    expect(sweepAction(tracker, new Date('2026-11-28T11:20:00Z'))).toBe('SLAImminent');
    expect(sweepAction({ ...tracker, stage: 'imminent' }, new Date('2026-11-28T11:30:00Z'))).toBeNull();
    expect(sweepAction({ ...tracker, stage: 'imminent' }, new Date('2026-11-28T11:40:00Z'))).toBe(
      'SLAExpired',
    );
    expect(sweepAction(tracker, new Date('2026-11-29T00:00:00Z'))).toBe('SLAExpired');
    expect(sweepAction({ ...tracker, stage: 'expired' }, new Date('2026-11-29T00:00:00Z'))).toBeNull();
  });

  it('folds daily aggregates into compliance and resolution percentiles', () => {
    const day1 = {
      sk: '2026-11-27',
      'met#HIGH': 3,
      'breached#HIGH': 1,
      'resolved#HIGH': 4,
      'rt_sum_ms#HIGH': 4000,
    };
    const outcome = resolutionOutcome(
      {
        severity: 'HIGH',
        created_at: '2026-11-28T10:00:00Z',
        sla_deadline: '2026-11-28T14:00:00Z',
        resolved_at: '2026-11-28T11:00:00Z',
      },
      'UTC',
      '',
    );
    const day2 = { sk: '2026-11-28', ...outcome.increments.get('2026-11-28') };
    const totals = totalsBySeverity([day1, day2]);
    expect(complianceOf(totals)).toEqual({ met: 4, breached: 1, total: 5, compliance_rate: 80 });
    const stats = resolutionStats(totals.HIGH);
    expect(stats.count).toBe(5);
    expect(stats.average_ms).toBe(Math.round((4000 + 3_600_000) / 5));
    expect(Math.abs(stats.p50_ms! - 3_600_000) / 3_600_000).toBeLessThanOrEqual(0.01);
    expect(complianceOf(totalsBySeverity([])).compliance_rate).toBeNull();
    expect(withBreach(new Map(), '2026-11-28', 'LOW', -1).get('2026-11-28')).toEqual({ 'breached#LOW': -1 });
  });

  it('assesses open exceptions: percent elapsed, time remaining, predicted breach', () => {
    const open = { created_at: '2026-11-28T10:00:00Z', sla_deadline: '2026-11-28T14:00:00Z' };
    const now = new Date('2026-11-28T13:30:00Z');
    expect(assessOpenException(open, now, null)).toEqual({
      percent_elapsed: 87.5,
      time_remaining_ms: 1_800_000,
      predicted_breach: null,
    });
    expect(assessOpenException(open, now, 5 * 3_600_000).predicted_breach).toBe(true);
    expect(assessOpenException(open, now, 3 * 3_600_000).predicted_breach).toBe(false);
    expect(assessOpenException(open, new Date('2026-11-28T15:00:00Z'), null)).toMatchObject({
      percent_elapsed: 125,
      predicted_breach: true,
    });
  });
});

describe('SLA writes alongside an exception upsert', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('starts tracking an exception first seen open', async () => {
    const writes = await slaWritesForUpsert(null, exception(), 'UTC', now);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.Put).toMatchObject({
      Item: {
        sk: 'SLA',
        stage: 'pending',
        gsi1sk: '2026-10-25T22:00:00.000Z#exc-1',
        imminent_at: '2026-10-25T21:12:00.000Z',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('records the breach and the aggregates of an exception first seen resolved late', async () => {
    const late = exception({ status: 'RESOLVED', resolved_at: '2026-10-26T09:00:00.000Z' });
    const writes = await slaWritesForUpsert(null, late, 'Europe/Berlin', now);
    const breach = writes.find((write) => write.Put?.Item?.detected_by === 'ingest');
    expect(breach?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    const days = writes.filter((write) => write.Update).map((write) => write.Update!.Key!.sk);
    // Deadline 22:00Z is 23:00 on 25 Oct in Berlin; the resolution is on the 26th.
    expect(days.sort()).toEqual(['2026-10-25', '2026-10-26']);
  });

  it('changes nothing once an exception is already resolved, or while it stays open', async () => {
    const resolved = exception({ status: 'RESOLVED', resolved_at: '2026-10-25T19:00:00.000Z' });
    expect(await slaWritesForUpsert(resolved, { ...resolved, status: 'CLOSED' }, 'UTC', now)).toEqual([]);
    expect(await slaWritesForUpsert(exception(), exception({ status: 'IN_PROGRESS' }), 'UTC', now)).toEqual(
      [],
    );
  });
});
