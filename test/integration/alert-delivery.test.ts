import { randomUUID } from 'node:crypto';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, dynamo, stack } from './support/api';
import { TestReceiver, eventually, independentlyVerifies } from './alert-delivery-receiver';

/**
 * Notification delivery on the local stack: messages put on the real `notifications` queue (as the
 * rules side does) are delivered by the consumer through the local SQS poller — signed webhooks to
 * a loopback receiver, e-mail into the SES emulator — with retries on the local (compressed)
 * schedule, every attempt recorded, and the outcome rolled up onto the alert.
 */

const sqs = new SQSClient({
  endpoint: stack.endpoints.sqs,
  region: stack.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const queues = (stack as any).queues as Record<string, { url: string; dlqUrl: string }>;
let tenant: string;
let adminKey: string;

beforeAll(async () => {
  tenant = await createTenant();
  adminKey = await createKey(tenant, 'admin');
});

afterAll(() => sqs.destroy());

async function createWebhookChannel(url: string) {
  const response = await api('POST', '/alerts/channels', {
    key: adminKey,
    body: { channel_type: 'webhook', name: `hook ${url}`, url },
  });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body as { channel_id: string; secret: string };
}

/** Seeds an alert history item (as the rules side writes it) so that the roll-up has a target. */
async function seedAlert(): Promise<string> {
  const alertId = ulid();
  await dynamo.send(
    new PutCommand({
      TableName: stack.tables.alerts,
      Item: {
        pk: `ALERT#${tenant}`,
        sk: alertId,
        alert_id: alertId,
        tenant_id: tenant,
        alert_type: 'DLQ_GROWTH',
        triggered_at: new Date().toISOString(),
        notification_status: 'pending',
      },
    }),
  );
  return alertId;
}

function message(alertId: string, channelId: string, extra: { event?: string } = {}) {
  return {
    notification_id: `ntf_${randomUUID()}`,
    owner: tenant,
    channel_id: channelId,
    attempt: 1,
    first_enqueued_at: new Date().toISOString(),
    payload: {
      alert_id: alertId,
      alert_type: 'DLQ_GROWTH',
      tenant_id: tenant,
      severity: 'HIGH',
      title: 'DLQ is growing',
      message: '150 entries in the DLQ (threshold 100)',
      timestamp: new Date().toISOString(),
      event: extra.event ?? 'triggered',
      details: { dlq_count: 150, threshold: 100 },
    },
  };
}

async function enqueue(messages: ReturnType<typeof message>[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.notifications!.url,
        Entries: messages
          .slice(start, start + 10)
          .map((m, index) => ({ Id: String(index), MessageBody: JSON.stringify(m) })),
      }),
    );
    expect(result.Failed ?? []).toEqual([]);
  }
}

async function attemptsOf(alertId: string): Promise<Record<string, any>[]> {
  const result = await dynamo.send(
    new QueryCommand({
      TableName: stack.tables.alerts,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ALERTDELIVERY#${alertId}` },
    }),
  );
  return result.Items ?? [];
}

async function alertItem(alertId: string): Promise<Record<string, any> | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: stack.tables.alerts, Key: { pk: `ALERT#${tenant}`, sk: alertId } }),
  );
  return Item;
}

async function channelOf(channelId: string): Promise<any> {
  const listed = await api('GET', '/alerts/channels', { key: adminKey });
  return listed.body.items.find((channel: any) => channel.channel_id === channelId);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhook delivery', () => {
  it('delivers every notification exactly once after the receiver was down for a while', async () => {
    // Prepare: a receiver that is down (its port refuses connections).
    const receiver = new TestReceiver();
    await receiver.up();
    await receiver.down();
    const channel = await createWebhookChannel(`${receiver.url}/down-then-up`);
    const alertId = await seedAlert();
    const messages = Array.from({ length: 12 }, () => message(alertId, channel.channel_id));

    // Act: enqueue, keep the receiver down for a few seconds, then bring it up.
    await enqueue(messages);
    await eventually(
      async () => (await attemptsOf(alertId)).some((a) => a.outcome === 'failed'),
      20_000,
      'a failed attempt while the receiver is down',
    );
    await sleep(2_500);
    await receiver.up();

    // Assess: every notification arrives, signed, once.
    await eventually(
      () => new Set(receiver.hooks.map((h) => h.headers['webhook-id'])).size === messages.length,
      60_000,
      'every notification to arrive',
    );
    await sleep(3_000); // anything duplicated would arrive meanwhile
    const ids = receiver.hooks.map((hook) => hook.headers['webhook-id']);
    expect(ids.sort()).toEqual(messages.map((m) => m.notification_id).sort());
    for (const hook of receiver.hooks) {
      expect(independentlyVerifies(channel.secret, hook)).toBe(true);
      expect(new Webhook(channel.secret).verify(hook.body, hook.headers)).toMatchObject({
        alert_id: alertId,
        alert_type: 'DLQ_GROWTH',
        tenant_id: tenant,
        severity: 'HIGH',
        event: 'triggered',
        details: { dlq_count: 150 },
      });
    }
    const attempts = await attemptsOf(alertId);
    expect(attempts.filter((a) => a.outcome === 'delivered')).toHaveLength(messages.length);
    const failed = attempts.filter((a) => a.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({
      channel_id: channel.channel_id,
      event: 'triggered',
      error: expect.stringContaining('connection failed'),
      latency_ms: expect.any(Number),
      next_attempt_at: expect.any(String),
    });
    expect(attempts.every((a) => a.attempted_at && a.notification_id && a.attempt >= 1)).toBe(true);
    expect(await alertItem(alertId)).toMatchObject({
      notification_status: 'delivered',
      last_notification_at: expect.any(String),
    });

    // A redelivered message with a delivered notification_id is never sent again.
    await enqueue([messages[0]!]);
    await sleep(3_000);
    expect(
      receiver.hooks.filter((h) => h.headers['webhook-id'] === messages[0]!.notification_id),
    ).toHaveLength(1);
    await receiver.down();
  }, 120_000);

  it('disables the channel on 410 and drops later notifications for it', async () => {
    const receiver = new TestReceiver();
    receiver.mode = { kind: 'status', status: 410 };
    await receiver.up();
    const channel = await createWebhookChannel(`${receiver.url}/gone`);
    const alertId = await seedAlert();

    await enqueue([message(alertId, channel.channel_id)]);

    const disabled = await eventually(async () => {
      const current = await channelOf(channel.channel_id);
      return current.enabled === false ? current : undefined;
    }, 20_000);
    expect(disabled.disabled_reason).toMatch(/410/);
    const attempts = await attemptsOf(alertId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: 'gone', status_code: 410 });
    await eventually(async () => (await alertItem(alertId))?.notification_status === 'failed', 10_000);

    await enqueue([message(alertId, channel.channel_id, { event: 'resolved' })]);
    await eventually(async () => (await attemptsOf(alertId)).some((a) => a.outcome === 'dropped'), 20_000);
    expect(receiver.hooks).toHaveLength(1);
    await receiver.down();
  });

  it('counts a redirect as a failure and never follows it', async () => {
    const target = new TestReceiver();
    await target.up();
    const receiver = new TestReceiver();
    receiver.mode = { kind: 'status', status: 307, location: `${target.url}/elsewhere` };
    await receiver.up();
    const channel = await createWebhookChannel(`${receiver.url}/redirect`);
    const alertId = await seedAlert();

    await enqueue([message(alertId, channel.channel_id)]);

    const attempt = await eventually(
      async () => (await attemptsOf(alertId)).find((a) => a.outcome === 'failed'),
      20_000,
    );
    expect(attempt).toMatchObject({ status_code: 307, error: expect.stringContaining('redirect') });
    await eventually(async () => (await alertItem(alertId))?.notification_status === 'retrying', 10_000);
    expect(target.hooks).toHaveLength(0);
    // Stop the retries: a deleted channel's notifications are dropped.
    await api('DELETE', `/alerts/channels/${channel.channel_id}`, { key: adminKey });
    await receiver.down();
    await target.down();
  });

  it('fails an attempt that outlasts the timeout', async () => {
    const receiver = new TestReceiver();
    receiver.mode = { kind: 'hang' };
    await receiver.up();
    const channel = await createWebhookChannel(`${receiver.url}/slow`);
    const alertId = await seedAlert();

    await enqueue([message(alertId, channel.channel_id)]);

    const attempt = await eventually(
      async () => (await attemptsOf(alertId)).find((a) => a.outcome === 'failed'),
      30_000,
    );
    expect(attempt.error).toMatch(/timed out after 3000 ms/);
    expect(attempt.latency_ms).toBeGreaterThanOrEqual(2_900);
    await api('DELETE', `/alerts/channels/${channel.channel_id}`, { key: adminKey });
    await receiver.down();
  });

  it('gives up after the last retry: failed on the alert, the message in the notifications DLQ', async () => {
    const receiver = new TestReceiver();
    receiver.mode = { kind: 'status', status: 503 };
    await receiver.up();
    const channel = await createWebhookChannel(`${receiver.url}/always-503`);
    const alertId = await seedAlert();
    const doomed = message(alertId, channel.channel_id);

    await enqueue([doomed]);

    const exhausted = await eventually(
      async () => (await attemptsOf(alertId)).find((a) => a.outcome === 'exhausted'),
      90_000,
      'the last attempt',
    );
    expect(exhausted).toMatchObject({ attempt: 10, status_code: 503 });
    const attempts = await attemptsOf(alertId);
    expect(attempts).toHaveLength(10);
    expect(receiver.hooks).toHaveLength(10);
    expect(new Set(receiver.hooks.map((h) => h.headers['webhook-id']))).toEqual(
      new Set([doomed.notification_id]),
    );
    expect(await alertItem(alertId)).toMatchObject({ notification_status: 'failed' });

    const deadLettered = await eventually(
      async () => {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queues.notifications!.dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        const found = (Messages ?? []).find((m) => m.Body?.includes(doomed.notification_id));
        return found;
      },
      30_000,
      'the message in the notifications DLQ',
    );
    expect(JSON.parse(deadLettered.Body!)).toMatchObject({
      notification_id: doomed.notification_id,
      attempt: 10,
      failure: expect.stringContaining('503'),
    });
    await sqs.send(
      new DeleteMessageCommand({
        QueueUrl: queues.notifications!.dlqUrl,
        ReceiptHandle: deadLettered.ReceiptHandle!,
      }),
    );
    await receiver.down();
  }, 150_000);
});

describe('e-mail delivery', () => {
  it('sends the notification through SES into the emulator store', async () => {
    const address = `alerts-${Date.now()}@example.com`;
    const created = await api('POST', '/alerts/channels', {
      key: adminKey,
      body: { channel_type: 'email', name: 'mail', addresses: [address] },
    });
    const alertId = await seedAlert();
    const notification = message(alertId, created.body.channel_id);

    await enqueue([notification]);

    const mail = await eventually(async () => {
      const store = (await (await fetch(stack.endpoints.ses_store)).json()) as {
        emails: { subject: string; destination: { to: string[] }; body: { text?: string; html?: string } }[];
      };
      return store.emails.find((email) => email.destination.to.includes(address));
    }, 20_000);
    expect(mail.subject).toBe('[HIGH] Triggered: DLQ is growing');
    expect(mail.body.text).toContain('150 entries in the DLQ');
    expect(mail.body.text).toContain(notification.notification_id);
    expect(mail.body.html).toContain('<h2>DLQ is growing</h2>');
    await eventually(async () => (await alertItem(alertId))?.notification_status === 'delivered', 10_000);
    expect(await attemptsOf(alertId)).toEqual([
      expect.objectContaining({
        outcome: 'delivered',
        channel_type: 'email',
        notification_id: notification.notification_id,
      }),
    ]);
  });

  it('records and drops a notification for a missing channel, without an alert item', async () => {
    const alertId = `test-${ulid()}`;
    await enqueue([message(alertId, ulid())]);
    const attempt = await eventually(async () => (await attemptsOf(alertId))[0], 20_000);
    expect(attempt).toMatchObject({ outcome: 'dropped', error: 'channel not found' });
    expect(await alertItem(alertId)).toBeUndefined();
  });
});
