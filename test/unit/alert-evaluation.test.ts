import { describe, expect, it } from 'vitest';
import {
  alertFingerprint,
  baselineHours,
  dueFollowUps,
  notificationIdOf,
  observeDlqGrowth,
  observeErrorRate,
  observeSlaImminent,
  observeThroughput,
  observeWorkerHealth,
  splitDeferred,
  type FollowUpState,
} from '../../shared/alerts/alert-conditions';
import type { AlertRule } from '../../shared/alerts/rule-schemas';
import { ALERT_TYPE_SPECS } from '../../shared/alerts/alert-vocabulary';
import { resolveThreshold } from '../../shared/alerts/rule-thresholds';
import type { InstanceHealth } from '../../shared/ops-workers/health-status';
import type { AggregateBucket } from '../../shared/telemetry/aggregate-repository';

const rule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
  config_id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  tenant_id: 'acme',
  alert_type: 'ERROR_RATE_HIGH',
  enabled: true,
  threshold_value: 5,
  threshold_unit: 'percent',
  window_minutes: 5,
  scope: null,
  severity: 'HIGH',
  channels: ['CH1'],
  quiet_hours: null,
  escalation: null,
  renotify_interval_minutes: null,
  created_at: '2026-11-28T00:00:00.000Z',
  updated_at: '2026-11-28T00:00:00.000Z',
  created_by: 'test',
  updated_by: 'test',
  ...overrides,
});

const bucket = (start: string, count: number, failures = 0): AggregateBucket => ({
  bucketStart: start,
  count,
  failures,
  retries: 0,
  latencySumMs: 0,
  histogram: {},
});

const minute = (base: string, offset: number) => new Date(Date.parse(base) + offset * 60_000).toISOString();

describe('thresholds per type', () => {
  it('fills in the documented defaults', () => {
    expect(resolveThreshold('SLA_IMMINENT', {})).toMatchObject({
      ok: true,
      value: 80,
      unit: 'percent_of_window',
    });
    expect(resolveThreshold('DLQ_GROWTH', {})).toMatchObject({ ok: true, value: 100, unit: 'entries' });
    expect(resolveThreshold('WORKER_UNHEALTHY', {})).toMatchObject({ ok: true, value: 3 });
    expect(resolveThreshold('ERROR_RATE_HIGH', {})).toMatchObject({ ok: true, value: 5, windowMinutes: 5 });
    expect(resolveThreshold('THROUGHPUT_LOW', {})).toMatchObject({
      ok: true,
      value: 50,
      unit: 'percent_drop',
    });
    expect(resolveThreshold('SLA_BREACH', {})).toMatchObject({
      ok: true,
      value: 1,
      unit: 'count',
      windowMinutes: 60,
    });
  });

  it('rejects a unit of another type, values out of range, fractions of counts and windows a type lacks', () => {
    expect(resolveThreshold('ERROR_RATE_HIGH', { threshold_unit: 'entries' })).toMatchObject({ ok: false });
    expect(resolveThreshold('ERROR_RATE_HIGH', { threshold_value: 150 })).toMatchObject({ ok: false });
    expect(resolveThreshold('SLA_IMMINENT', { threshold_value: 100 })).toMatchObject({ ok: false });
    expect(resolveThreshold('WORKER_UNHEALTHY', { threshold_value: 2.5 })).toMatchObject({ ok: false });
    expect(resolveThreshold('DLQ_GROWTH', { threshold_unit: 'entries_per_day' })).toMatchObject({
      ok: false,
      problems: [{ path: 'threshold_value' }],
    });
    expect(resolveThreshold('DLQ_GROWTH', { window_minutes: 10 })).toMatchObject({ ok: false });
    expect(resolveThreshold('ERROR_RATE_HIGH', { window_minutes: 61 })).toMatchObject({ ok: false });
    expect(resolveThreshold('SLA_BREACH', { window_minutes: 1440 })).toMatchObject({
      ok: true,
      windowMinutes: 1440,
    });
    expect(
      resolveThreshold('DLQ_GROWTH', { threshold_unit: 'entries_per_day', threshold_value: 50 }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('lets only fleet-wide types be platform-scope', () => {
    const platform = Object.entries(ALERT_TYPE_SPECS)
      .filter(([, spec]) => spec.platformScope)
      .map(([type]) => type);
    expect(platform.sort()).toEqual(['ERROR_RATE_HIGH', 'THROUGHPUT_LOW', 'WORKER_UNHEALTHY']);
  });
});

describe('fingerprints and notification ids', () => {
  it('identify one alert per owner, type and subject', () => {
    expect(alertFingerprint('acme', 'ERROR_RATE_HIGH', 'triage')).toBe('acme|ERROR_RATE_HIGH|triage');
    expect(alertFingerprint('acme', 'ERROR_RATE_HIGH', 'triage')).not.toBe(
      alertFingerprint('globex', 'ERROR_RATE_HIGH', 'triage'),
    );
    expect(alertFingerprint('acme', 'ERROR_RATE_HIGH', 'policy')).not.toBe(
      alertFingerprint('acme', 'THROUGHPUT_LOW', 'policy'),
    );
  });

  it('are the same for the same alert, event occurrence and channel (retries dedupe)', () => {
    expect(notificationIdOf('A1', 'triggered', 'C1')).toBe(notificationIdOf('A1', 'triggered', 'C1'));
    expect(notificationIdOf('A1', 'renotify-1', 'C1')).not.toBe(notificationIdOf('A1', 'renotify-2', 'C1'));
    expect(notificationIdOf('A1', 'triggered', 'C1')).not.toBe(notificationIdOf('A1', 'triggered', 'C2'));
  });
});

describe('measures', () => {
  const now = new Date('2026-11-28T12:00:30Z');

  it('ERROR_RATE_HIGH counts complete minutes of the window and needs enough attempts', () => {
    const buckets = [
      bucket(minute('2026-11-28T12:00:00Z', -6), 100, 100), // before the window
      bucket(minute('2026-11-28T12:00:00Z', -5), 50, 5),
      bucket(minute('2026-11-28T12:00:00Z', -1), 50, 1),
      bucket('2026-11-28T12:00:00.000Z', 100, 100), // the minute still filling
    ];
    const observation = observeErrorRate(rule(), 'triage', buckets, now, 20);
    expect(observation).toMatchObject({
      subject: 'triage',
      firing: true,
      details: { attempts: 100, failures: 6 },
    });
    expect(observeErrorRate(rule({ threshold_value: 7 }), 'triage', buckets, now, 20).firing).toBe(false);
    expect(observeErrorRate(rule(), 'triage', buckets, now, 101).firing).toBe(false);
  });

  it('THROUGHPUT_LOW compares the window with the complete hours before the one it starts in', () => {
    // now 12:00:30 → window 11:55-12:00, starting in the 11:00 hour → baseline hour 10:00.
    expect(baselineHours(5, now, 1)).toEqual(['2026-11-28T10:00:00.000Z']);
    expect(baselineHours(5, new Date('2026-11-28T12:07:10Z'), 2)).toEqual([
      '2026-11-28T10:00:00.000Z',
      '2026-11-28T11:00:00.000Z',
    ]);
    const hours = [bucket('2026-11-28T10:00:00.000Z', 600), bucket('2026-11-28T09:00:00.000Z', 6000)];
    const window = (rate: number) =>
      [-5, -4, -3, -2, -1].map((offset) => bucket(minute('2026-11-28T12:00:00Z', offset), rate));
    const throughputRule = rule({
      alert_type: 'THROUGHPUT_LOW',
      threshold_value: 50,
      threshold_unit: 'percent_drop',
    });
    expect(observeThroughput(throughputRule, 'intake', window(4), hours, now, 1, 20)).toMatchObject({
      firing: true,
      details: { events_per_minute: 4, baseline_events_per_minute: 10, drop_percent: 60 },
    });
    expect(observeThroughput(throughputRule, 'intake', window(6), hours, now, 1, 20).firing).toBe(false);
    expect(observeThroughput(throughputRule, 'intake', [], [], now, 1, 20).firing).toBe(false);
    // Too few events in the baseline to judge a drop.
    expect(observeThroughput(throughputRule, 'intake', [], hours, now, 1, 601).firing).toBe(false);
  });

  it('SLA_IMMINENT fires for open exceptions past the share of their window, not yet due', () => {
    const tracker = (created: string, deadline: string) => ({
      tenant_id: 'acme',
      exception_id: `e-${created}`,
      type: 'X',
      severity: 'HIGH' as const,
      created_at: created,
      sla_deadline: deadline,
      imminent_at: deadline,
      stage: 'pending' as const,
    });
    const imminentRule = rule({
      alert_type: 'SLA_IMMINENT',
      threshold_value: 80,
      threshold_unit: 'percent_of_window',
    });
    expect(
      observeSlaImminent(imminentRule, [tracker('2026-11-28T11:00:30Z', '2026-11-28T13:00:30Z')], now).firing,
    ).toBe(false); // 50 %
    expect(
      observeSlaImminent(imminentRule, [tracker('2026-11-28T10:00:30Z', '2026-11-28T12:20:30Z')], now).firing,
    ).toBe(true); // 120 of 140 minutes
  });

  it('DLQ_GROWTH sums pending entries over days, or counts today', () => {
    const rows = [
      { tenant_id: 'acme', day: '2026-11-27', counters: { received: 70, status_pending: 60 } },
      { tenant_id: 'acme', day: '2026-11-28', counters: { received: 45, status_pending: 40 } },
    ];
    expect(
      observeDlqGrowth(
        rule({ alert_type: 'DLQ_GROWTH', threshold_value: 100, threshold_unit: 'entries' }),
        rows,
        '2026-11-28',
      ).firing,
    ).toBe(true);
    expect(
      observeDlqGrowth(
        rule({ alert_type: 'DLQ_GROWTH', threshold_value: 50, threshold_unit: 'entries_per_day' }),
        rows,
        '2026-11-28',
      ).firing,
    ).toBe(false);
  });

  it('WORKER_UNHEALTHY fires per instance on fresh health only', () => {
    const instance = (id: string, failures: number, lastCheck: string): InstanceHealth => ({
      worker_type: 'triage',
      instance_id: id,
      criticality: 'high',
      status: failures >= 3 ? 'unhealthy' : 'healthy',
      live: failures === 0,
      ready: failures === 0,
      last_check: lastCheck,
      last_success: null,
      response_time_ms: 5,
      consecutive_failures: failures,
      reason: null,
      queue_lag: null,
      metrics_error: null,
    });
    const healthRule = rule({
      alert_type: 'WORKER_UNHEALTHY',
      threshold_value: 3,
      threshold_unit: 'consecutive_failures',
    });
    const observations = observeWorkerHealth(
      healthRule,
      [
        instance('a', 3, '2026-11-28T12:00:00Z'),
        instance('b', 2, '2026-11-28T12:00:00Z'),
        instance('c', 9, '2026-11-28T11:00:00Z'), // stale
        instance('d', 9, '2026-11-28T12:10:00Z'), // far after the evaluated instant
        instance('e', 4, '2026-11-28T12:00:40Z'), // refreshed just after the scheduled instant
      ],
      now,
      300,
    );
    expect(observations.filter((o) => o.firing).map((o) => o.subject)).toEqual(['triage/a', 'triage/e']);
    expect(
      observeWorkerHealth(
        { ...healthRule, scope: { worker_type: 'policy' } },
        [instance('a', 5, '2026-11-28T12:00:00Z')],
        now,
        300,
      ),
    ).toEqual([]);
  });
});

describe('follow-ups and quiet hours', () => {
  const state = (overrides: Partial<FollowUpState> = {}): FollowUpState => ({
    status: 'firing',
    triggered_at: '2026-11-28T12:00:00.000Z',
    last_notified_at: '2026-11-28T12:00:00.000Z',
    renotify_count: 0,
    escalated_at: null,
    pending: [],
    ...overrides,
  });
  const escalating = rule({
    escalation: { after_minutes: 15, channels: ['ESC'] },
    renotify_interval_minutes: 30,
  });

  it('escalates once after the delay and re-notifies on the interval, only while unacknowledged', () => {
    expect(dueFollowUps(escalating, state(), new Date('2026-11-28T12:14:00Z'))).toEqual([]);
    expect(dueFollowUps(escalating, state(), new Date('2026-11-28T12:15:00Z'))).toMatchObject([
      { occurrence: 'escalated', channels: ['ESC'] },
    ]);
    expect(
      dueFollowUps(
        escalating,
        state({ escalated_at: '2026-11-28T12:15:00Z' }),
        new Date('2026-11-28T12:30:00Z'),
      ),
    ).toMatchObject([{ occurrence: 'renotify-1', event: 'renotify', channels: ['CH1'] }]);
    expect(
      dueFollowUps(escalating, state({ status: 'acknowledged' }), new Date('2026-11-28T13:00:00Z')),
    ).toEqual([]);
    // Nothing new piles up while an earlier notification still waits (quiet hours).
    expect(
      dueFollowUps(
        escalating,
        state({
          escalated_at: 'x',
          pending: [{ occurrence: 'triggered', event: 'triggered', at: 'x', channels: [] }],
        }),
        new Date('2026-11-28T13:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('holds non-critical events during quiet hours, never resolutions nor critical alerts', () => {
    const quiet = { time_zone: 'UTC', days: ['sat' as const], start: '11:00', end: '13:00' };
    const pending = [
      { occurrence: 'triggered', event: 'triggered' as const, at: 'x', channels: ['CH1'] },
      { occurrence: 'resolved', event: 'resolved' as const, at: 'y', channels: ['CH1'] },
    ];
    const inside = new Date('2026-11-28T12:00:00Z'); // a Saturday
    expect(splitDeferred(pending, { severity: 'HIGH', quiet_hours: quiet }, inside)).toMatchObject({
      send: [{ occurrence: 'resolved' }],
      defer: [{ occurrence: 'triggered' }],
    });
    expect(splitDeferred(pending, { severity: 'CRITICAL', quiet_hours: quiet }, inside).defer).toEqual([]);
    expect(
      splitDeferred(pending, { severity: 'HIGH', quiet_hours: quiet }, new Date('2026-11-28T13:00:00Z'))
        .defer,
    ).toEqual([]);
  });
});
