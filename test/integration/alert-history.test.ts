import { randomBytes } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionQueue } from '../../infra/local/provision';
import type { evaluateAlerts as EvaluateAlerts } from '../../shared/alerts/alert-evaluation-job';
import { queues } from '../../shared/resources/declarations';
import {
  api,
  createKey,
  createTenant,
  dynamo,
  expectProblem,
  stack,
  useStackInThisProcess,
} from './support/api';
import { auditActions } from './support/alerts';

/**
 * Alert history: lists, filters, pages and statistics over seeded history items (the storage layout
 * of the alert contract), and the acknowledge/resolve lifecycle of an alert the evaluator fired.
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

async function drainEvents(): Promise<string[]> {
  const events: string[] = [];
  for (let emptyPolls = 0; emptyPolls < 2;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) {
      emptyPolls++;
      continue;
    }
    events.push(
      ...Messages.map((m) => (JSON.parse(m.Body!) as { payload: { event: string } }).payload.event),
    );
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return events;
}

/** An alert history item as the evaluator writes it. */
async function seedAlert(owner: string, type: string, status: string, triggeredAt: string): Promise<string> {
  const alertId = ulid(Date.parse(triggeredAt));
  await dynamo.send(
    new PutCommand({
      TableName: stack.tables.alerts,
      Item: {
        pk: `ALERT#${owner}`,
        sk: alertId,
        gsi1pk: `ALERTID#${alertId}`,
        gsi1sk: owner,
        alert_id: alertId,
        tenant_id: owner,
        alert_type: type,
        severity: 'HIGH',
        subject: 'tenant',
        rule_id: ulid(),
        title: `${type} for ${owner}`,
        message: 'seeded',
        details: {},
        status,
        triggered_at: triggeredAt,
        acknowledged_at: null,
        acknowledged_by: null,
        resolved_at: status === 'resolved' ? triggeredAt : null,
        resolved_by: status === 'resolved' ? 'auto' : null,
        notification_status: 'delivered',
        last_notified_at: triggeredAt,
        escalated_at: null,
      },
    }),
  );
  return alertId;
}

describe('alert history API', () => {
  let tenant: string;
  let otherTenant: string;
  let operator: string;
  let viewer: string;
  let otherOperator: string;
  let platformOperator: string;
  let platformViewer: string;
  const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 10, n, hour)).toISOString();
  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    tenant = await createTenant();
    otherTenant = await createTenant();
    operator = await createKey(tenant, 'operator');
    viewer = await createKey(tenant, 'viewer');
    otherOperator = await createKey(otherTenant, 'operator');
    platformOperator = await createKey('platform', 'operator');
    platformViewer = await createKey('platform', 'viewer');
    seeded.a = await seedAlert(tenant, 'DLQ_GROWTH', 'resolved', day(20));
    seeded.b = await seedAlert(tenant, 'ERROR_RATE_HIGH', 'firing', day(21));
    seeded.c = await seedAlert(tenant, 'DLQ_GROWTH', 'acknowledged', day(22));
    seeded.d = await seedAlert(tenant, 'SLA_BREACH', 'resolved', day(23));
    seeded.e = await seedAlert(tenant, 'DLQ_GROWTH', 'firing', day(24));
    seeded.other = await seedAlert(otherTenant, 'DLQ_GROWTH', 'firing', day(22));
  });

  afterAll(() => sqs.destroy());

  const ids = (body: { items: { alert_id: string }[] }) => body.items.map((item) => item.alert_id);

  it('lists newest first, with type, status and time filters, paged by cursor', async () => {
    const all = await api('GET', '/alerts/history', { key: operator });
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual([seeded.e, seeded.d, seeded.c, seeded.b, seeded.a]);
    expect(all.body.next_cursor).toBeNull();

    const dlq = await api('GET', '/alerts/history?type=DLQ_GROWTH', { key: operator });
    expect(ids(dlq.body)).toEqual([seeded.e, seeded.c, seeded.a]);
    const firing = await api('GET', '/alerts/history?status=firing', { key: operator });
    expect(ids(firing.body)).toEqual([seeded.e, seeded.b]);
    const window = await api('GET', `/alerts/history?from=${day(21, 0)}&to=${day(23, 10)}`, {
      key: operator,
    });
    expect(ids(window.body)).toEqual([seeded.d, seeded.c, seeded.b]);
    const combined = await api('GET', `/alerts/history?type=DLQ_GROWTH&status=firing&from=${day(21)}`, {
      key: operator,
    });
    expect(ids(combined.body)).toEqual([seeded.e]);

    const first = await api('GET', '/alerts/history?type=DLQ_GROWTH&limit=2', { key: operator });
    expect(ids(first.body)).toEqual([seeded.e, seeded.c]);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await api(
      'GET',
      `/alerts/history?type=DLQ_GROWTH&limit=2&cursor=${first.body.next_cursor}`,
      {
        key: operator,
      },
    );
    expect(ids(second.body)).toEqual([seeded.a]);
    expect(second.body.next_cursor).toBeNull();
    // A filtered page that ends exactly at the last match has no cursor (none leads to an empty page).
    const exact = await api('GET', '/alerts/history?status=firing&limit=2', { key: operator });
    expect(ids(exact.body)).toEqual([seeded.e, seeded.b]);
    expect(exact.body.next_cursor).toBeNull();
    const newestFiring = await api('GET', '/alerts/history?status=firing&limit=1', { key: operator });
    expect(ids(newestFiring.body)).toEqual([seeded.e]);
    const nextFiring = await api(
      'GET',
      `/alerts/history?status=firing&limit=1&cursor=${newestFiring.body.next_cursor}`,
      { key: operator },
    );
    expect(nextFiring.body).toEqual({
      items: [expect.objectContaining({ alert_id: seeded.b })],
      next_cursor: null,
    });

    expect(
      ids((await api('GET', `/alerts/history?tenant_id=${tenant}`, { key: platformOperator })).body),
    ).toHaveLength(5);
  });

  it('counts by type and by status over a window', async () => {
    const stats = await api('GET', `/alerts/history/stats?from=${day(19)}&to=${day(25)}`, { key: operator });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      tenant_id: tenant,
      total: 5,
      by_type: { DLQ_GROWTH: 3, ERROR_RATE_HIGH: 1, SLA_BREACH: 1, SLA_IMMINENT: 0 },
      by_status: { firing: 2, acknowledged: 1, resolved: 2 },
    });
    const narrow = await api('GET', `/alerts/history/stats?from=${day(22, 0)}&to=${day(23, 23)}`, {
      key: operator,
    });
    expect(narrow.body).toMatchObject({ total: 2, by_status: { acknowledged: 1, resolved: 1 } });
    expectProblem(
      await api('GET', `/alerts/history/stats?from=${day(1)}&to=2027-06-01T00:00:00Z`, { key: operator }),
      400,
    );
  });

  it('reads one alert with its delivery attempts', async () => {
    for (const attempt of [1, 2]) {
      await dynamo.send(
        new PutCommand({
          TableName: stack.tables.alerts,
          Item: {
            pk: `ALERTDELIVERY#${seeded.b}`,
            sk: `${day(21, 10 + attempt)}#${seeded.b}.triggered.CH#${attempt}`,
            notification_id: `${seeded.b}.triggered.CH`,
            attempt,
            status_code: attempt === 1 ? 503 : 204,
            latency_ms: 12,
          },
        }),
      );
    }
    const detail = await api('GET', `/alerts/history/${seeded.b}`, { key: operator });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      alert_id: seeded.b,
      alert_type: 'ERROR_RATE_HIGH',
      status: 'firing',
    });
    expect(detail.body.delivery_attempts).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 503 }),
      expect.objectContaining({ attempt: 2, status_code: 204 }),
    ]);
    expect(detail.body.delivery_attempts[0]).not.toHaveProperty('pk');
    const byPlatform = await api('GET', `/alerts/history/${seeded.b}`, { key: platformOperator });
    expect(byPlatform.body.alert_id).toBe(seeded.b);
    expectProblem(await api('GET', `/alerts/history/${ulid()}`, { key: operator }), 404);
  });

  it('guards acknowledge and resolve transitions (409), records the actor, audits', async () => {
    const ack = await api('POST', `/alerts/history/${seeded.b}/acknowledge`, { key: operator });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledged_by: 'operator key' });
    expect(ack.body.acknowledged_at).toEqual(expect.any(String));
    expectProblem(
      await api('POST', `/alerts/history/${seeded.b}/acknowledge`, { key: operator }),
      409,
      'conflict',
    );
    const resolved = await api('POST', `/alerts/history/${seeded.b}/resolve`, { key: operator });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolved_by: 'operator key' });
    expectProblem(await api('POST', `/alerts/history/${seeded.b}/resolve`, { key: operator }), 409);
    expectProblem(await api('POST', `/alerts/history/${seeded.a}/acknowledge`, { key: operator }), 409);
    // An acknowledged alert resolves directly.
    expect((await api('POST', `/alerts/history/${seeded.c}/resolve`, { key: operator })).status).toBe(200);
    expect(await auditActions(tenant)).toEqual(
      expect.arrayContaining(['alert.acknowledged', 'alert.resolved', 'alert.resolved']),
    );
    // A body is not accepted (the actor always comes from the key).
    expectProblem(
      await api('POST', `/alerts/history/${seeded.e}/acknowledge`, {
        key: operator,
        body: { acknowledged_by: 'x' },
      }),
      400,
    );
    expect((await api('GET', `/alerts/history/${seeded.e}`, { key: operator })).body.status).toBe('firing');
  });

  it('needs operator for every endpoint (403) and keeps tenants apart (404)', async () => {
    for (const [method, path] of [
      ['GET', '/alerts/history'],
      ['GET', '/alerts/history/stats'],
      ['GET', `/alerts/history/${seeded.e}`],
      ['POST', `/alerts/history/${seeded.e}/acknowledge`],
      ['POST', `/alerts/history/${seeded.e}/resolve`],
    ] as const) {
      expectProblem(await api(method, path, { key: viewer }), 403, 'forbidden');
      expectProblem(await api(method, path, { key: null }), 401);
    }
    expectProblem(await api('GET', '/alerts/history', { key: platformViewer }), 403);
    // Another tenant's operator sees none of this tenant's alerts.
    expectProblem(await api('GET', `/alerts/history?tenant_id=${tenant}`, { key: otherOperator }), 404);
    expectProblem(await api('GET', `/alerts/history/stats?tenant_id=${tenant}`, { key: otherOperator }), 404);
    expectProblem(await api('GET', `/alerts/history/${seeded.e}`, { key: otherOperator }), 404);
    expectProblem(await api('POST', `/alerts/history/${seeded.e}/acknowledge`, { key: otherOperator }), 404);
    expectProblem(await api('POST', `/alerts/history/${seeded.e}/resolve`, { key: otherOperator }), 404);
    expect(ids((await api('GET', '/alerts/history', { key: otherOperator })).body)).toEqual([seeded.other]);
    expectProblem(await api('GET', '/alerts/history?tenant_id=platform', { key: otherOperator }), 404);
    // Platform principals must name the owner of a list.
    expectProblem(await api('GET', '/alerts/history', { key: platformOperator }), 400);
    expect((await api('GET', `/alerts/history/${seeded.e}`, { key: operator })).body.status).toBe('firing');
  });

  it('rejects bad queries and ids with RFC 9457 problems', async () => {
    for (const query of [
      'type=CPU_HIGH',
      'status=open',
      'from=yesterday',
      `from=${day(24)}&to=${day(20)}`,
      'limit=0',
      'limit=500',
      'cursor=%%%',
      'surprise=1',
    ]) {
      expectProblem(await api('GET', `/alerts/history?${query}`, { key: operator }), 400);
    }
    expectProblem(await api('GET', '/alerts/history/not-an-id', { key: operator }), 400);
    expectProblem(await api('POST', '/alerts/history/not-an-id/acknowledge', { key: operator }), 400);
    const otherCursor = Buffer.from(
      JSON.stringify({ pk: `ALERT#${otherTenant}`, sk: seeded.other }),
    ).toString('base64url');
    expectProblem(
      await api('GET', `/alerts/history?cursor=${otherCursor}`, { key: operator }),
      400,
      'invalid-cursor',
    );
  });

  describe('lifecycle with the evaluator', () => {
    const hookAddress = `https://example.com/${id('hook')}`;
    const T = new Date(Math.floor((Date.now() + 50 * 86_400_000) / MINUTE) * MINUTE + 30_000);
    const at = (minutes: number) => new Date(T.getTime() + minutes * MINUTE);

    beforeAll(async () => {
      queueUrl = (await provisionQueue(stack.endpoints.sqs, id('alert-history-it'), queues.notifications))
        .url;
      useStackInThisProcess({ OPSDECK_QUEUE_NOTIFICATIONS_URL: queueUrl });
      ({ evaluateAlerts } = await import('../../shared/alerts/alert-evaluation-job'));
      expect(
        (
          await api('PUT', `/admin/destinations/${id('dest')}`, {
            body: { kind: 'http', address: hookAddress },
          })
        ).status,
      ).toBe(201);
    });

    it('a user-resolved alert sends its resolution and does not fire again until its condition clears', async () => {
      const owner = await createTenant();
      const admin = await createKey(owner, 'admin');
      const ingest = await createKey('platform', 'ingest');
      const channelId = ulid();
      await dynamo.send(
        new PutCommand({
          TableName: stack.tables.config,
          Item: {
            pk: `TENANT#${owner}`,
            sk: `ALERTCHANNEL#${channelId}`,
            channel_id: channelId,
            tenant_id: owner,
            channel_type: 'email',
            name: 'on-call',
            enabled: true,
            verified: true,
            addresses: ['oncall@example.com'],
            created_at: T.toISOString(),
            updated_at: T.toISOString(),
            created_by: 'test',
          },
        }),
      );
      const rule = await api('POST', '/alerts/config', {
        key: admin,
        body: {
          alert_type: 'DLQ_GROWTH',
          threshold_value: 1,
          channels: [channelId],
          renotify_interval_minutes: 5,
        },
      });
      expect(rule.status).toBe(201);
      const ingested = await api('POST', '/ingest/dlq', {
        key: ingest,
        body: {
          items: [
            {
              event_id: id('dead'),
              tenant_id: owner,
              event_type: 'ExceptionTriaged',
              destination: { kind: 'http', address: hookAddress },
              payload: {},
              failure_reason: 'timed out',
              attempts: 3,
              failed_at: at(-5).toISOString(),
              worker_type: 'triage',
            },
          ],
        },
      });
      expect(ingested.status).toBe(200);
      await drainEvents();
      await evaluateAlerts({ now: T, owners: [owner] });
      const listed = await api('GET', '/alerts/history?status=firing', { key: admin });
      const alertId = listed.body.items[0].alert_id as string;

      expect((await api('POST', `/alerts/history/${alertId}/resolve`, { key: admin })).status).toBe(200);
      // The next evaluation sends the resolution; the condition still holds, yet nothing fires again.
      expect(await evaluateAlerts({ now: at(1), owners: [owner] })).toMatchObject({
        triggered: 0,
        notifications: 1,
      });
      expect(await evaluateAlerts({ now: at(10), owners: [owner] })).toMatchObject({
        triggered: 0,
        renotified: 0,
      });
      expect(await drainEvents()).toEqual(['triggered', 'resolved']);
      const stored = (await api('GET', `/alerts/history/${alertId}`, { key: admin })).body;
      expect(stored).toMatchObject({ status: 'resolved', resolved_by: 'admin key' });

      // Once the condition clears, the fingerprint is free: the next breach is a new alert.
      const operator = await createKey(owner, 'operator');
      const entries = await api('GET', '/ops/dlq?status=pending', { key: operator });
      for (const entry of entries.body.items as { dlq_id: string }[]) {
        await api('POST', `/ops/dlq/${entry.dlq_id}/discard`, { key: operator, body: { reason: 'done' } });
      }
      await evaluateAlerts({ now: at(11), owners: [owner] });
      await api('POST', '/ingest/dlq', {
        key: ingest,
        body: {
          items: [
            {
              event_id: id('dead'),
              tenant_id: owner,
              event_type: 'ExceptionTriaged',
              destination: { kind: 'http', address: hookAddress },
              payload: {},
              failure_reason: 'timed out again',
              attempts: 3,
              failed_at: at(11).toISOString(),
              worker_type: 'triage',
            },
          ],
        },
      });
      expect(await evaluateAlerts({ now: at(12), owners: [owner] })).toMatchObject({ triggered: 1 });
      const again = await api('GET', '/alerts/history', { key: admin });
      expect(again.body.items).toHaveLength(2);
      expect(again.body.items[0].alert_id).not.toBe(alertId);
      expect(await drainEvents()).toEqual(['triggered']);
    });
  });
});
