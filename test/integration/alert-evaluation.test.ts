import { randomBytes } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionQueue } from '../../infra/local/provision';
import type { evaluateAlerts as EvaluateAlerts } from '../../shared/alerts/alert-evaluation-job';
import { queues } from '../../shared/resources/declarations';
import { api, createKey, createTenant, dynamo, stack, useStackInThisProcess } from './support/api';
import { seedChannel } from './support/alerts';

/**
 * The evaluator, run in this process against the stack's emulators (as the scheduler runs it) with
 * an injected `now` weeks ahead of the wall clock: the stack's own scheduled evaluator (wall-clock
 * now) never sees this data as current, and never undoes a state changed at a later instant. Its
 * notifications go to a queue of this test's own, read back here.
 */

const MINUTE = 60_000;
const id = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const sqs = new SQSClient({
  endpoint: stack.endpoints.sqs,
  region: stack.region,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
let queueUrl: string;
let evaluateAlerts: typeof EvaluateAlerts;

interface Message {
  notification_id: string;
  owner: string;
  channel_id: string;
  payload: {
    alert_id: string;
    alert_type: string;
    event: string;
    tenant_id: string;
    title: string;
    details: Record<string, unknown>;
  };
}

/** Reads (and deletes) everything on the notifications queue of this test. */
async function drain(): Promise<Message[]> {
  const messages: Message[] = [];
  for (let emptyPolls = 0; emptyPolls < 2;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) {
      emptyPolls++;
      continue;
    }
    messages.push(...Messages.map((m) => JSON.parse(m.Body!) as Message));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return messages;
}

async function history(owner: string): Promise<Record<string, any>[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: stack.tables.alerts,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ALERT#${owner}` },
    }),
  );
  return Items;
}

/** A tenant with an admin, an ingest key and a channel, plus one rule. */
async function tenantWithRule(rule: Record<string, unknown>, channels = 1) {
  const tenant = await createTenant();
  const admin = await createKey(tenant, 'admin');
  const channelIds = [];
  for (let index = 0; index < channels; index++) channelIds.push(await seedChannel(tenant));
  const created = await api('POST', '/alerts/config', {
    key: admin,
    body: { channels: channelIds, ...rule },
  });
  expect(created.status).toBe(201);
  return { tenant, admin, channels: channelIds, rule: created.body };
}

const evaluate = (owner: string, now: Date) => evaluateAlerts({ now, owners: [owner] });
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);

describe('alert evaluation', () => {
  let ingestKey: string;
  let platformOperator: string;
  const hookAddress = `https://example.com/${id('hook')}`;
  /** Weeks ahead, on a minute boundary plus 30 s. */
  const T = new Date(Math.floor((Date.now() + 40 * 86_400_000) / MINUTE) * MINUTE + 30_000);

  beforeAll(async () => {
    const queue = await provisionQueue(stack.endpoints.sqs, id('alerts-it'), {
      ...queues.notifications,
      visibilityTimeoutSeconds: 30,
    });
    queueUrl = queue.url;
    useStackInThisProcess({ OPSDECK_QUEUE_NOTIFICATIONS_URL: queueUrl, OPSDECK_ALERT_MIN_EVENTS: '10' });
    ({ evaluateAlerts } = await import('../../shared/alerts/alert-evaluation-job'));
    ingestKey = await createKey('platform', 'ingest');
    platformOperator = await createKey('platform', 'operator');
    // DLQ entries must name a declared destination; one platform-wide declaration serves every tenant.
    const declared = await api('PUT', `/admin/destinations/${id('dest')}`, {
      body: { kind: 'http', address: hookAddress },
    });
    expect(declared.status).toBe(201);
  });

  afterAll(() => sqs.destroy());

  async function ingest(path: string, items: unknown[]) {
    for (let offset = 0; offset < items.length; offset += 500) {
      const response = await api('POST', path, {
        key: ingestKey,
        body: { items: items.slice(offset, offset + 500) },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    }
  }

  const processing = (tenant: string, workerType: string, finishedAt: Date, status = 'succeeded') => ({
    event_id: id('pe'),
    tenant_id: tenant,
    worker_type: workerType,
    worker_instance: `${workerType}-1`,
    topic: 'exceptions',
    event_type: 'ExceptionTriaged',
    status,
    started_at: new Date(finishedAt.getTime() - 200).toISOString(),
    finished_at: finishedAt.toISOString(),
  });

  const dlqEntry = (tenant: string, failedAt: Date) => ({
    event_id: id('dead'),
    tenant_id: tenant,
    event_type: 'ExceptionTriaged',
    destination: { kind: 'http', address: hookAddress },
    payload: { n: 1 },
    failure_reason: 'timed out',
    attempts: 3,
    failed_at: failedAt.toISOString(),
    worker_type: 'triage',
  });

  async function discardAll(tenant: string) {
    const operator = await createKey(tenant, 'operator');
    const listed = await api('GET', '/ops/dlq?status=pending&limit=200', { key: operator });
    for (const entry of listed.body.items as { dlq_id: string }[]) {
      const discarded = await api('POST', `/ops/dlq/${entry.dlq_id}/discard`, {
        key: operator,
        body: { reason: 'handled' },
      });
      expect(discarded.status).toBe(200);
    }
  }

  describe('each type fires from seeded data and clears', () => {
    it('ERROR_RATE_HIGH: failures over the window, then a quiet window resolves it', async () => {
      await drain();
      const { tenant, channels } = await tenantWithRule({
        alert_type: 'ERROR_RATE_HIGH',
        scope: { worker_type: 'triage' },
      });
      const events = Array.from({ length: 20 }, (_, index) =>
        processing(tenant, 'triage', at(T, -4 + index / 10), index % 4 === 0 ? 'failed' : 'succeeded'),
      );
      await ingest('/ingest/processing-events', events);

      const fired = await evaluate(tenant, T);
      expect(fired).toMatchObject({ triggered: 1, notifications: 1 });
      const [alert] = await history(tenant);
      expect(alert).toMatchObject({
        tenant_id: tenant,
        alert_type: 'ERROR_RATE_HIGH',
        subject: 'triage',
        status: 'firing',
        notification_status: 'pending',
        details: { attempts: 20, failures: 5, error_rate_percent: 25 },
      });
      const messages = await drain();
      expect(messages).toEqual([
        expect.objectContaining({
          notification_id: `${alert!.alert_id}.triggered.${channels[0]}`,
          owner: tenant,
          channel_id: channels[0],
          payload: expect.objectContaining({
            alert_id: alert!.alert_id,
            event: 'triggered',
            tenant_id: tenant,
          }),
        }),
      ]);

      const cleared = await evaluate(tenant, at(T, 10));
      expect(cleared).toMatchObject({ resolved: 1, notifications: 1 });
      const [resolved] = await history(tenant);
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolved_by: 'auto',
        resolved_at: at(T, 10).toISOString(),
      });
      expect((await drain()).map((m) => [m.notification_id, m.payload.event])).toEqual([
        [`${alert!.alert_id}.resolved.${channels[0]}`, 'resolved'],
      ]);
      // Finished: the next evaluation has nothing to do, and the fingerprint can fire again later.
      expect(await evaluate(tenant, at(T, 11))).toMatchObject({
        owners: 1,
        triggered: 0,
        resolved: 0,
        notifications: 0,
      });
    });

    it('THROUGHPUT_LOW: a drop below the trailing baseline, then recovery', async () => {
      await drain();
      const { tenant } = await tenantWithRule({
        alert_type: 'THROUGHPUT_LOW',
        scope: { worker_type: 'intake' },
      });
      // Baseline: 2 events a minute over the two hours before the window (covering the complete
      // hour before the one the window starts in); the window itself is empty.
      const baseline = Array.from({ length: 240 }, (_, index) =>
        processing(tenant, 'intake', at(T, -126 + index / 2)),
      );
      await ingest('/ingest/processing-events', baseline);
      expect(await evaluate(tenant, T)).toMatchObject({ triggered: 1 });
      const [alert] = await history(tenant);
      expect(alert).toMatchObject({
        subject: 'intake',
        details: { events_per_minute: 0, drop_percent: 100, baseline_events_per_minute: 2 },
      });
      // Recovery: the usual rate again over the next window.
      const later = at(T, 2);
      await ingest(
        '/ingest/processing-events',
        Array.from({ length: 10 }, (_, index) => processing(tenant, 'intake', at(later, -5 + index / 2))),
      );
      expect(await evaluate(tenant, later)).toMatchObject({ resolved: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['triggered', 'resolved']);
    });

    it('SLA_BREACH: an exception resolved after its deadline, then the window moves past it', async () => {
      await drain();
      const { tenant } = await tenantWithRule({ alert_type: 'SLA_BREACH' });
      await ingest('/ingest/exceptions', [
        {
          exception_id: id('exc'),
          tenant_id: tenant,
          type: 'PaymentFailed',
          severity: 'HIGH',
          source_system: 'SAP',
          status: 'RESOLVED',
          created_at: at(T, -120).toISOString(),
          sla_deadline: at(T, -30).toISOString(),
          resolved_at: at(T, -10).toISOString(),
        },
      ]);
      expect(await evaluate(tenant, T)).toMatchObject({ triggered: 1 });
      expect((await history(tenant))[0]).toMatchObject({ subject: 'tenant', details: { breaches: 1 } });
      expect(await evaluate(tenant, at(T, 40))).toMatchObject({ resolved: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['triggered', 'resolved']);
    });

    it('SLA_IMMINENT: an open exception past 80 % of its window, then resolved in time', async () => {
      await drain();
      const { tenant } = await tenantWithRule({ alert_type: 'SLA_IMMINENT' });
      const exception = {
        exception_id: id('exc'),
        tenant_id: tenant,
        type: 'PaymentFailed',
        severity: 'HIGH',
        source_system: 'SAP',
        status: 'OPEN',
        created_at: at(T, -90).toISOString(),
        sla_deadline: at(T, 10).toISOString(),
      };
      await ingest('/ingest/exceptions', [exception]);
      expect(await evaluate(tenant, T)).toMatchObject({ triggered: 1 });
      expect((await history(tenant))[0]).toMatchObject({ details: { exceptions: 1 } });
      await ingest('/ingest/exceptions', [
        { ...exception, status: 'RESOLVED', resolved_at: at(T, 1).toISOString() },
      ]);
      expect(await evaluate(tenant, at(T, 2))).toMatchObject({ resolved: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['triggered', 'resolved']);
    });

    it('DLQ_GROWTH: pending entries reach the threshold, then are discarded', async () => {
      await drain();
      const { tenant } = await tenantWithRule({ alert_type: 'DLQ_GROWTH', threshold_value: 3 });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -30)), dlqEntry(tenant, at(T, -20))]);
      expect(await evaluate(tenant, T)).toMatchObject({ triggered: 0 });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -10))]);
      expect(await evaluate(tenant, at(T, 1))).toMatchObject({ triggered: 1 });
      expect((await history(tenant))[0]).toMatchObject({ details: { pending: 3 } });
      await discardAll(tenant);
      expect(await evaluate(tenant, at(T, 2))).toMatchObject({ resolved: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['triggered', 'resolved']);
    });

    it('WORKER_UNHEALTHY: a platform rule fires per instance from the health snapshot, then recovery', async () => {
      await drain();
      // The platform has one WORKER_UNHEALTHY rule (the demo data may have made it): point it here.
      const channel = await seedChannel('platform');
      const existing = (await api('GET', '/alerts/config?tenant_id=platform')).body.items.find(
        (rule: { alert_type: string }) => rule.alert_type === 'WORKER_UNHEALTHY',
      );
      const settings = { alert_type: 'WORKER_UNHEALTHY', severity: 'CRITICAL', channels: [channel] };
      const created = existing
        ? await api('PUT', `/alerts/config/${existing.config_id}?tenant_id=platform`, { body: settings })
        : await api('POST', '/alerts/config', { body: { tenant_id: 'platform', ...settings } });
      expect(created.status).toBe(existing ? 200 : 201);
      const instance = id('policy');
      const health = (failures: number, checkedAt: Date) =>
        dynamo.send(
          new PutCommand({
            TableName: stack.tables.telemetry,
            Item: {
              pk: 'HEALTH#SNAPSHOT',
              sk: `I#policy#${instance}`,
              worker_type: 'policy',
              instance_id: instance,
              criticality: 'high',
              status: failures >= 3 ? 'unhealthy' : 'healthy',
              live: failures === 0,
              ready: failures === 0,
              last_check: checkedAt.toISOString(),
              last_success: null,
              response_time_ms: 3,
              consecutive_failures: failures,
              reason: failures ? 'liveness failed: connection refused' : null,
            },
          }),
        );
      try {
        await health(4, at(T, -0.2));
        expect(await evaluate('platform', T)).toMatchObject({ triggered: 1 });
        const alert = (await history('platform')).find((item) => item.subject === `policy/${instance}`);
        expect(alert).toMatchObject({
          alert_type: 'WORKER_UNHEALTHY',
          severity: 'CRITICAL',
          status: 'firing',
        });
        await health(0, at(T, 0.8));
        // (Alerts the stack's own evaluator raised for other tests' workers resolve here too.)
        expect((await evaluate('platform', at(T, 1))).resolved).toBeGreaterThanOrEqual(1);
        const messages = (await drain()).filter((m) => m.payload.alert_id === alert!.alert_id);
        expect(messages.map((m) => [m.owner, m.payload.event])).toEqual([
          ['platform', 'triggered'],
          ['platform', 'resolved'],
        ]);
        const seen = await api('GET', `/alerts/history/${alert!.alert_id}`, { key: platformOperator });
        expect(seen.body).toMatchObject({ status: 'resolved', resolved_by: 'auto' });
      } finally {
        if (existing) {
          const {
            config_id: _id,
            tenant_id: _owner,
            created_at: _c,
            updated_at: _u,
            created_by: _cb,
            updated_by: _ub,
            ...restore
          } = existing;
          await api('PUT', `/alerts/config/${existing.config_id}?tenant_id=platform`, { body: restore });
        } else {
          await api('DELETE', `/alerts/config/${created.body.config_id}?tenant_id=platform`);
        }
      }
    });
  });

  describe('one alert per fingerprint', () => {
    it('evaluating twice fires once and sends one set of messages', async () => {
      await drain();
      const { tenant, channels } = await tenantWithRule({ alert_type: 'DLQ_GROWTH', threshold_value: 1 }, 2);
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -5))]);
      expect(await evaluate(tenant, T)).toMatchObject({ triggered: 1, notifications: 2 });
      expect(await evaluate(tenant, at(T, 1))).toMatchObject({ triggered: 0, notifications: 0 });
      expect(await history(tenant)).toHaveLength(1);
      const messages = await drain();
      expect(messages.map((m) => m.channel_id).sort()).toEqual([...channels].sort());
    });

    it('two evaluators running at once never double-fire', async () => {
      await drain();
      const { tenant } = await tenantWithRule({ alert_type: 'DLQ_GROWTH', threshold_value: 1 }, 2);
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -5))]);
      const results = await Promise.all([evaluate(tenant, T), evaluate(tenant, T), evaluate(tenant, T)]);
      expect(results.reduce((sum, r) => sum + r.triggered, 0)).toBe(1);
      expect(await history(tenant)).toHaveLength(1);
      const ids = (await drain()).map((m) => m.notification_id);
      expect(new Set(ids).size).toBe(2);
      expect(ids).toHaveLength(2);
    });
  });

  describe('follow-ups', () => {
    it('re-notifies on the interval while unacknowledged, not after acknowledgement', async () => {
      await drain();
      const { tenant, admin } = await tenantWithRule({
        alert_type: 'DLQ_GROWTH',
        threshold_value: 1,
        renotify_interval_minutes: 10,
      });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -5))]);
      await evaluate(tenant, T);
      expect(await evaluate(tenant, at(T, 9))).toMatchObject({ renotified: 0 });
      expect(await evaluate(tenant, at(T, 10))).toMatchObject({ renotified: 1, notifications: 1 });
      expect(await evaluate(tenant, at(T, 11))).toMatchObject({ renotified: 0 });
      expect(await evaluate(tenant, at(T, 20))).toMatchObject({ renotified: 1 });
      const messages = await drain();
      expect(messages.map((m) => m.notification_id.split('.')[1])).toEqual([
        'triggered',
        'renotify-1',
        'renotify-2',
      ]);
      const [alert] = await history(tenant);
      expect(
        (await api('POST', `/alerts/history/${alert!.alert_id}/acknowledge`, { key: admin })).status,
      ).toBe(200);
      expect(await evaluate(tenant, at(T, 40))).toMatchObject({ renotified: 0, notifications: 0 });
      expect(await drain()).toEqual([]);
    });

    it('escalates once after the delay to the escalation channels', async () => {
      await drain();
      const tenant = await createTenant();
      const admin = await createKey(tenant, 'admin');
      const channel = await seedChannel(tenant);
      const escalation = await seedChannel(tenant);
      await api('POST', '/alerts/config', {
        key: admin,
        body: {
          alert_type: 'DLQ_GROWTH',
          threshold_value: 1,
          channels: [channel],
          escalation: { after_minutes: 15, channels: [escalation] },
        },
      });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(T, -5))]);
      await evaluate(tenant, T);
      expect(await evaluate(tenant, at(T, 14))).toMatchObject({ escalated: 0 });
      expect(await evaluate(tenant, at(T, 15))).toMatchObject({ escalated: 1, notifications: 1 });
      expect(await evaluate(tenant, at(T, 45))).toMatchObject({ escalated: 0, notifications: 0 });
      const messages = await drain();
      expect(messages.map((m) => [m.payload.event, m.channel_id])).toEqual([
        ['triggered', channel],
        ['escalated', escalation],
      ]);
      expect((await history(tenant))[0]).toMatchObject({ escalated_at: at(T, 15).toISOString() });
    });
  });

  describe('quiet hours', () => {
    // 23:30 in Tokyo on a day weeks ahead; the window 22:00-06:00 crosses midnight.
    const local = DateTime.fromJSDate(T, { zone: 'Asia/Tokyo' }).set({
      hour: 23,
      minute: 30,
      second: 30,
      millisecond: 0,
    });
    const start = local.toJSDate();
    const quiet = {
      time_zone: 'Asia/Tokyo',
      days: [local.toFormat('ccc').toLowerCase()],
      start: '22:00',
      end: '06:00',
    };

    it('defer notifications inside the window and send them when it ends (past midnight, in the zone)', async () => {
      await drain();
      const { tenant } = await tenantWithRule({
        alert_type: 'DLQ_GROWTH',
        threshold_value: 1,
        quiet_hours: quiet,
      });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(start, -5))]);
      expect(await evaluate(tenant, start)).toMatchObject({ triggered: 1, notifications: 0, deferred: 1 });
      expect((await history(tenant))[0]).toMatchObject({ status: 'firing', notification_status: 'deferred' });
      // 02:30 the next day: still inside the window that started the evening before.
      expect(await evaluate(tenant, at(start, 180))).toMatchObject({ notifications: 0 });
      expect(await drain()).toEqual([]);
      // 06:00: the window has ended; what was deferred goes out.
      const end = local.plus({ days: 1 }).set({ hour: 6, minute: 0, second: 30 }).toJSDate();
      expect(await evaluate(tenant, end)).toMatchObject({ notifications: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['triggered']);
      expect((await history(tenant))[0]).toMatchObject({
        notification_status: 'pending',
        last_notified_at: end.toISOString(),
      });
    });

    it('still send the resolved notification inside the window', async () => {
      await drain();
      const { tenant } = await tenantWithRule({
        alert_type: 'DLQ_GROWTH',
        threshold_value: 1,
        quiet_hours: quiet,
      });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(start, -5))]);
      expect(await evaluate(tenant, start)).toMatchObject({ triggered: 1, notifications: 0 });
      await discardAll(tenant);
      expect(await evaluate(tenant, at(start, 30))).toMatchObject({ resolved: 1, notifications: 1 });
      expect((await drain()).map((m) => m.payload.event)).toEqual(['resolved']);
    });

    it('never hold CRITICAL alerts', async () => {
      await drain();
      const { tenant } = await tenantWithRule({
        alert_type: 'DLQ_GROWTH',
        threshold_value: 1,
        severity: 'CRITICAL',
        quiet_hours: quiet,
      });
      await ingest('/ingest/dlq', [dlqEntry(tenant, at(start, -5))]);
      expect(await evaluate(tenant, start)).toMatchObject({ triggered: 1, notifications: 1 });
      await drain();
    });
  });
});
