import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createKey,
  createTenant,
  dynamo,
  expectProblem,
  stack,
  useStackInThisProcess,
} from './support/api';

/**
 * SLA endpoints over a seeded set of met, breached, open and at-risk exceptions. The expected
 * figures are computed here from the seed with luxon, independently of the service's code.
 */

const ZONE = 'America/New_York';
const HOUR = 3_600_000;
const id = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

/** The service, run in this process against the stack's DynamoDB Local (as the scheduler runs it). */
async function importSweeper() {
  useStackInThisProcess();
  return (await import('../../shared/sla/sla-service')).sweepSlaDeadlines;
}

interface Seed {
  exception_id: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  created: number;
  deadline: number;
  resolved?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const localDay = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;

const report = (tenantId: string, seed: Seed, resolved: boolean) => ({
  exception_id: seed.exception_id,
  tenant_id: tenantId,
  type: 'PaymentFailed',
  severity: seed.severity,
  source_system: 'SAP',
  status: resolved ? 'RESOLVED' : 'OPEN',
  created_at: iso(seed.created),
  sla_deadline: iso(seed.deadline),
  ...(resolved ? { resolved_at: iso(seed.resolved!) } : {}),
});

describe('SLA compliance endpoints', () => {
  let tenant: string;
  let otherTenant: string;
  let ingestKey: string;
  let operator: string;
  let viewer: string;
  let otherOperator: string;
  let sweep: Awaited<ReturnType<typeof importSweeper>>;
  const now = Date.now();
  // Three local days ago, at midnight in New York.
  const day0 = DateTime.fromMillis(now, { zone: ZONE }).startOf('day').minus({ days: 3 }).toMillis();
  const at = (hours: number) => day0 + hours * HOUR;
  const seeds: Record<string, Seed> = {};
  const seed = (name: string, value: Omit<Seed, 'exception_id'>) =>
    (seeds[name] = { exception_id: id(name), ...value });

  seed('met1', { severity: 'HIGH', created: at(1), deadline: at(5), resolved: at(2) });
  seed('met2', { severity: 'HIGH', created: at(1), deadline: at(5), resolved: at(4) });
  seed('metAtDeadline', { severity: 'CRITICAL', created: at(2), deadline: at(3), resolved: at(3) });
  seed('met4', { severity: 'LOW', created: at(20), deadline: at(40), resolved: at(27) });
  // Breached, reported open first, swept (SLAExpired), then resolved late.
  seed('lateResolved', { severity: 'HIGH', created: at(1), deadline: at(2), resolved: at(6) });
  // Breached and still open: counts at the deadline once the sweeper has seen it.
  seed('openBreached', { severity: 'MEDIUM', created: at(1), deadline: at(3) });
  // Resolved in time but reported only after the sweeper recorded a breach: the breach is withdrawn.
  seed('reportedLate', { severity: 'MEDIUM', created: at(1), deadline: at(4), resolved: at(3.5) });
  // Open and not yet due.
  seed('atRisk', { severity: 'HIGH', created: now - 3.5 * HOUR, deadline: now + 0.5 * HOUR });
  seed('halfway', { severity: 'CRITICAL', created: now - 2 * HOUR, deadline: now + HOUR });
  seed('fresh', { severity: 'HIGH', created: now - HOUR, deadline: now + 3 * HOUR });

  const openFirst = ['lateResolved', 'openBreached', 'reportedLate', 'atRisk', 'halfway', 'fresh'];
  const resolvedDirectly = ['met1', 'met2', 'metAtDeadline', 'met4'];
  const resolvedAfterSweep = ['lateResolved', 'reportedLate'];

  const ingest = async (items: unknown[]) => {
    const response = await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items } });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    tenant = await createTenant(undefined, { time_zone: ZONE });
    otherTenant = await createTenant();
    [ingestKey, operator, viewer, otherOperator] = await Promise.all([
      createKey('platform', 'ingest'),
      createKey(tenant, 'operator'),
      createKey(tenant, 'viewer'),
      createKey(otherTenant, 'operator'),
    ]);
    sweep = await importSweeper();

    const first = openFirst.map((name) => report(tenant, seeds[name]!, false));
    const direct = resolvedDirectly.map((name) => report(tenant, seeds[name]!, true));
    expect(await ingest([...first, ...direct])).toMatchObject({ accepted: 10, duplicates: 0 });
    // Every report sent again changes nothing.
    expect(await ingest([...first, ...direct])).toMatchObject({ accepted: 0, duplicates: 10 });
    await sweep(new Date());
    const late = resolvedAfterSweep.map((name) => report(tenant, seeds[name]!, true));
    expect(await ingest(late)).toMatchObject({ accepted: 2 });
    expect(await ingest(late)).toMatchObject({ accepted: 0, duplicates: 2 });
    await sweep(new Date());
  });

  /** Met / breached per local day, from the seed and the rules in docs/ops-sla.md. */
  function expectedByDay() {
    const days = new Map<string, { met: number; breached: number }>();
    const bump = (day: string, key: 'met' | 'breached') => {
      const counts = days.get(day) ?? { met: 0, breached: 0 };
      counts[key] += 1;
      days.set(day, counts);
    };
    for (const s of Object.values(seeds)) {
      if (s.resolved !== undefined && s.resolved <= s.deadline) bump(localDay(s.resolved), 'met');
      else if (s.resolved !== undefined || s.deadline <= now) bump(localDay(s.deadline), 'breached');
    }
    return days;
  }

  it('reports compliance per local day, with the previous period', async () => {
    const response = await api(
      'GET',
      `/ops/sla/compliance?period=day&from=${iso(day0 + HOUR)}&to=${iso(now)}`,
      { key: operator },
    );
    expect(response.status).toBe(200);
    const expected = expectedByDay();
    const today = DateTime.fromMillis(now, { zone: ZONE });
    expect(response.body.buckets.map((bucket: any) => bucket.label)).toEqual(
      [3, 2, 1, 0].map((back) => today.minus({ days: back }).toISODate()),
    );
    for (const bucket of response.body.buckets) {
      const counts = expected.get(bucket.label) ?? { met: 0, breached: 0 };
      const total = counts.met + counts.breached;
      expect(bucket).toMatchObject({
        ...counts,
        total,
        compliance_rate: total === 0 ? null : Math.round((counts.met / total) * 10_000) / 100,
      });
      expect(bucket.start).toBe(DateTime.fromISO(bucket.label, { zone: ZONE }).toUTC().toISO());
    }
    expect(response.body.buckets[0].previous_compliance_rate).toBeNull();
    // Day 0: met1, met2, metAtDeadline, reportedLate met; lateResolved and openBreached breached.
    expect(response.body.buckets[0]).toMatchObject({ met: 4, breached: 2, compliance_rate: 66.67 });
    expect(response.body.summary).toEqual({ met: 5, breached: 2, total: 7, compliance_rate: 71.43 });
    expect(response.body.previous).toMatchObject({ met: 0, breached: 0, compliance_rate: null });
    expect(response.body.time_zone).toBe(ZONE);
  });

  it('sums the same figures by week and month', async () => {
    for (const period of ['week', 'month']) {
      const response = await api(
        'GET',
        `/ops/sla/compliance?tenant_id=${tenant}&period=${period}&from=${iso(day0)}&to=${iso(now)}`,
        { key: operator },
      );
      expect(response.status).toBe(200);
      const sum = response.body.buckets.reduce(
        (total: any, bucket: any) => ({
          met: total.met + bucket.met,
          breached: total.breached + bucket.breached,
        }),
        { met: 0, breached: 0 },
      );
      expect(sum).toEqual({ met: 5, breached: 2 });
      expect(response.body.summary).toMatchObject({ met: 5, breached: 2, compliance_rate: 71.43 });
    }
  });

  it('lists breaches by deadline, filters by severity and pages', async () => {
    const all = await api('GET', `/ops/sla/breaches?from=${iso(day0)}&to=${iso(now)}`, { key: operator });
    expect(all.status).toBe(200);
    expect(all.body.items.map((breach: any) => breach.exception_id)).toEqual([
      seeds.lateResolved!.exception_id,
      seeds.openBreached!.exception_id,
    ]);
    expect(all.body.items[0]).toMatchObject({
      resolved_at: iso(seeds.lateResolved!.resolved!),
      detected_by: 'sweeper',
      sla_deadline: iso(seeds.lateResolved!.deadline),
    });
    expect(all.body.items[1]).toMatchObject({ resolved_at: null, severity: 'MEDIUM' });

    const medium = await api('GET', `/ops/sla/breaches?from=${iso(day0)}&severity=MEDIUM`, { key: operator });
    expect(medium.body.items.map((breach: any) => breach.exception_id)).toEqual([
      seeds.openBreached!.exception_id,
    ]);

    const page1 = await api('GET', `/ops/sla/breaches?from=${iso(day0)}&limit=1`, { key: operator });
    expect(page1.body.items).toHaveLength(1);
    const page2 = await api(
      'GET',
      `/ops/sla/breaches?from=${iso(day0)}&limit=1&cursor=${page1.body.next_cursor}`,
      { key: operator },
    );
    expect(page2.body.items[0].exception_id).toBe(seeds.openBreached!.exception_id);
    const forged = await api('GET', `/ops/sla/breaches?cursor=${page1.body.next_cursor}`, {
      key: otherOperator,
    });
    expectProblem(forged, 400, 'invalid-cursor');
  });

  it('lists open exceptions past the threshold, soonest deadline first', async () => {
    const response = await api('GET', '/ops/sla/at-risk?threshold=80', { key: operator });
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: any) => item.exception_id)).toEqual([
      seeds.openBreached!.exception_id,
      seeds.atRisk!.exception_id,
    ]);
    const [overdue, atRisk] = response.body.items;
    const asOf = Date.parse(response.body.as_of);
    expect(overdue).toMatchObject({ predicted_breach: true, severity: 'MEDIUM' });
    expect(overdue.time_remaining_ms).toBe(seeds.openBreached!.deadline - asOf);
    expect(atRisk.time_remaining_ms).toBe(seeds.atRisk!.deadline - asOf);
    const window = seeds.atRisk!.deadline - seeds.atRisk!.created;
    expect(atRisk.percent_elapsed).toBeCloseTo(((asOf - seeds.atRisk!.created) / window) * 100, 1);
    // HIGH exceptions took 1 h, 3 h and 5 h here (median 3 h): 3.5 h ago + 3 h is before the deadline.
    expect(atRisk.predicted_breach).toBe(false);

    const wider = await api('GET', '/ops/sla/at-risk?threshold=50', { key: operator });
    expect(wider.body.items.map((item: any) => item.exception_id)).toEqual([
      seeds.openBreached!.exception_id,
      seeds.atRisk!.exception_id,
      seeds.halfway!.exception_id,
    ]);
  });

  it('shows platform principals every tenant when they name none', async () => {
    // Breaches: every tenant's, by deadline; this tenant's among them, in order.
    const breaches: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(
        'GET',
        `/ops/sla/breaches?from=${iso(day0)}&to=${iso(now)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      breaches.push(...page.body.items);
      cursor = page.body.next_cursor ?? undefined;
    } while (cursor);
    const deadlines = breaches.map((breach) => breach.sla_deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(
      breaches.filter((breach) => breach.tenant_id === tenant).map((breach) => breach.exception_id),
    ).toEqual([seeds.lateResolved!.exception_id, seeds.openBreached!.exception_id]);

    const atRisk = await api('GET', '/ops/sla/at-risk?threshold=80&limit=500');
    expect(atRisk.body.tenant_id).toBeNull();
    const riskDeadlines = atRisk.body.items.map((item: any) => item.sla_deadline);
    expect(riskDeadlines).toEqual([...riskDeadlines].sort());
    expect(
      atRisk.body.items
        .filter((item: any) => item.tenant_id === tenant)
        .map((item: any) => item.exception_id),
    ).toEqual([seeds.openBreached!.exception_id, seeds.atRisk!.exception_id]);

    // Compliance and resolution times sum every tenant's days (UTC calendar buckets).
    const mine = await api('GET', `/ops/sla/compliance?tenant_id=${tenant}`);
    const all = await api('GET', '/ops/sla/compliance');
    expect(all.body).toMatchObject({ tenant_id: null, time_zone: 'UTC' });
    expect(all.body.summary.met).toBeGreaterThanOrEqual(mine.body.summary.met);
    expect(all.body.summary.breached).toBeGreaterThanOrEqual(mine.body.summary.breached);
    const resolution = await api('GET', '/ops/sla/resolution-time?period=week');
    expect(resolution.body.overall.count).toBeGreaterThanOrEqual(6);
  });

  it('reports resolution times by severity', async () => {
    const response = await api('GET', '/ops/sla/resolution-time?period=week', { key: operator });
    expect(response.status).toBe(200);
    const high = [1, 3, 5].map((hours) => hours * HOUR);
    expect(response.body.by_severity.HIGH).toMatchObject({ count: 3, average_ms: 3 * HOUR });
    expect(Math.abs(response.body.by_severity.HIGH.p50_ms - high[1]!) / high[1]!).toBeLessThanOrEqual(0.01);
    expect(Math.abs(response.body.by_severity.HIGH.p90_ms - high[2]!) / high[2]!).toBeLessThanOrEqual(0.01);
    expect(response.body.by_severity.CRITICAL).toMatchObject({ count: 1, average_ms: HOUR });
    expect(response.body.by_severity.MEDIUM).toMatchObject({ count: 1, average_ms: 2.5 * HOUR });
    expect(response.body.by_severity.LOW).toMatchObject({ count: 1, average_ms: 7 * HOUR });
    expect(response.body.overall.count).toBe(6);
    const day = await api('GET', `/ops/sla/resolution-time?tenant_id=${tenant}&period=day`, {
      key: operator,
    });
    expect(day.body.overall.count).toBe(0);
  });

  it('emits SLAImminent and SLAExpired once per exception, also when sweepers run concurrently', async () => {
    const runs = await Promise.all([sweep(new Date()), sweep(new Date()), sweep(new Date())]);
    const mine = runs.flatMap((run) => run.emitted).filter((event) => event.tenant_id === tenant);
    expect(mine).toEqual([]); // everything due was emitted before; nothing twice
    const events = async (name: string) =>
      (
        await dynamo.send(
          new QueryCommand({
            TableName: stack.tables.sla,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
            ExpressionAttributeValues: {
              ':pk': `TENANT#${tenant}#EXC#${seeds[name]!.exception_id}`,
              ':evt': 'EVT#',
            },
          }),
        )
      ).Items!.map((item) => item.event_type);
    expect(await events('openBreached')).toEqual(['SLAExpired']);
    expect(await events('atRisk')).toEqual(['SLAImminent']);
    expect(await events('fresh')).toEqual([]);
    expect(await events('met1')).toEqual([]);
  });

  it('sweeps a fresh batch exactly once under concurrent sweepers', async () => {
    const raceTenant = await createTenant();
    const due = Array.from({ length: 12 }, (_, index) => ({
      exception_id: id('race'),
      tenant_id: raceTenant,
      type: 'PaymentFailed',
      severity: 'HIGH',
      source_system: 'SAP',
      status: 'OPEN',
      created_at: iso(now - 10 * HOUR),
      // Half are past their deadline (SLAExpired), half only past 80 % of the window (SLAImminent).
      sla_deadline: iso(index % 2 === 0 ? now - HOUR : now + HOUR),
    }));
    expect(await ingest(due)).toMatchObject({ accepted: 12 });
    const runs = await Promise.all(Array.from({ length: 4 }, () => sweep(new Date())));
    const emitted = runs.flatMap((run) => run.emitted).filter((event) => event.tenant_id === raceTenant);
    const keys = emitted.map((event) => `${event.exception_id}#${event.event_type}`);
    expect(new Set(keys).size).toBe(keys.length);
    const aggregate = await dynamo.send(
      new GetCommand({
        TableName: stack.tables.sla,
        Key: {
          pk: `TENANT#${raceTenant}#SLADAY`,
          sk: DateTime.fromMillis(now - HOUR, { zone: 'UTC' }).toISODate(),
        },
      }),
    );
    expect(aggregate.Item?.['breached#HIGH']).toBe(6);
    for (const exception of due) {
      const history = await dynamo.send(
        new QueryCommand({
          TableName: stack.tables.sla,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
          ExpressionAttributeValues: {
            ':pk': `TENANT#${raceTenant}#EXC#${exception.exception_id}`,
            ':evt': 'EVT#',
          },
        }),
      );
      const expected = Date.parse(exception.sla_deadline) < now ? 'SLAExpired' : 'SLAImminent';
      expect(history.Items!.map((item) => item.event_type)).toEqual([expected]);
    }
  });

  it('follows a reported deadline that moves while the exception is open', async () => {
    const movedTenant = await createTenant();
    const record = {
      exception_id: id('moved'),
      tenant_id: movedTenant,
      type: 'PaymentFailed',
      severity: 'HIGH',
      source_system: 'SAP',
      status: 'OPEN',
      created_at: iso(now - 5 * HOUR),
      sla_deadline: iso(now + 10 * HOUR),
    };
    await ingest([record]);
    const atRisk = () => api('GET', `/ops/sla/at-risk?tenant_id=${movedTenant}&threshold=90`);
    expect((await atRisk()).body.items).toEqual([]);
    await ingest([{ ...record, sla_deadline: iso(now + 0.25 * HOUR) }]);
    const moved = (await atRisk()).body.items;
    expect(moved.map((item: any) => [item.exception_id, item.sla_deadline])).toEqual([
      [record.exception_id, iso(now + 0.25 * HOUR)],
    ]);
    await sweep(new Date());
    const history = await dynamo.send(
      new QueryCommand({
        TableName: stack.tables.sla,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: {
          ':pk': `TENANT#${movedTenant}#EXC#${record.exception_id}`,
          ':evt': 'EVT#',
        },
      }),
    );
    expect(history.Items!.map((item) => item.event_type)).toEqual(['SLAImminent']);
  });

  it('runs as the scheduled function the local scheduler and EventBridge invoke', async () => {
    const scheduledTenant = await createTenant();
    const record = {
      exception_id: id('scheduled'),
      tenant_id: scheduledTenant,
      type: 'PaymentFailed',
      severity: 'LOW',
      source_system: 'SAP',
      status: 'OPEN',
      created_at: iso(now - 2 * HOUR),
      sla_deadline: iso(now - HOUR),
    };
    await ingest([record]);
    const { scheduledEvent } = await import('../../infra/local/scheduler');
    const { handler } = await import('../../functions/ops-sla/sweep-sla-deadlines-scheduled');
    const result = await handler(scheduledEvent('sweepSlaDeadlinesScheduled', new Date()), {} as never);
    expect(result).toEqual({
      imminent: expect.any(Number),
      expired: expect.any(Number),
      skipped: expect.any(Number),
    });
    const breaches = await api('GET', `/ops/sla/breaches?tenant_id=${scheduledTenant}`);
    expect(breaches.body.items.map((breach: any) => breach.exception_id)).toEqual([record.exception_id]);
  });

  describe('bad input, isolation and roles, for every endpoint', () => {
    const paths = [
      '/ops/sla/compliance',
      '/ops/sla/breaches',
      '/ops/sla/at-risk',
      '/ops/sla/resolution-time',
    ];

    it.each(paths)(
      '%s: viewers and ingest keys get 403, other tenants 404, platform sees one tenant or all',
      async (path) => {
        expectProblem(await api('GET', path, { key: viewer }), 403, 'forbidden');
        expectProblem(await api('GET', `${path}?tenant_id=${tenant}`, { key: ingestKey }), 403, 'forbidden');
        expectProblem(
          await api('GET', `${path}?tenant_id=${tenant}`, { key: otherOperator }),
          404,
          'not-found',
        );
        expectProblem(await api('GET', `${path}?tenant_id=no-such-tenant`), 404, 'not-found');
        const everyTenant = await api('GET', path);
        expect(everyTenant.status).toBe(200);
        if (!path.endsWith('/breaches')) expect(everyTenant.body.tenant_id).toBeNull();
        expect((await api('GET', `${path}?tenant_id=${tenant}`)).status).toBe(200);
        expect((await api('GET', `${path}?tenant_id=${otherTenant}`, { key: otherOperator })).status).toBe(
          200,
        );
        expectProblem(await api('GET', `${path}?unknown=1`, { key: operator }), 400, 'validation-error');
      },
    );

    it('refuses unknown periods, from after to, ranges beyond retention and bad thresholds', async () => {
      const bad = [
        '/ops/sla/compliance?period=year',
        '/ops/sla/resolution-time?period=quarter',
        '/ops/sla/compliance?from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z',
        '/ops/sla/breaches?from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z',
        `/ops/sla/compliance?from=${iso(now - 401 * 24 * HOUR)}`,
        `/ops/sla/breaches?from=${iso(now - 401 * 24 * HOUR)}`,
        '/ops/sla/compliance?from=yesterday',
        '/ops/sla/at-risk?threshold=101',
        '/ops/sla/at-risk?threshold=abc',
        '/ops/sla/breaches?severity=URGENT',
      ];
      for (const path of bad)
        expectProblem(await api('GET', path, { key: operator }), 400, 'validation-error');
    });
  });
});
