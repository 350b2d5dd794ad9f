import { randomBytes } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionQueue } from '../../infra/local/provision';
import { queues } from '../../shared/resources/declarations';
import { api, createKey, createTenant, dynamo, expectProblem, stack } from './support/api';

const id = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const sqs = new SQSClient({
  endpoint: stack.endpoints.sqs,
  region: stack.region,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

/** Reads (and deletes) what is on a queue until it has been empty for a moment. */
async function drainQueue(queueUrl: string, expectAtLeast = 0, timeoutMs = 15_000): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  let emptyPolls = 0;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length) {
      messages.push(...Messages);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
      emptyPolls = 0;
    } else if (messages.length >= expectAtLeast && ++emptyPolls >= 2) {
      break;
    }
  }
  return messages;
}

async function auditActions(tenantId: string): Promise<string[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: stack.tables.audit,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
      ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':seq': 'SEQ#' },
    }),
  );
  return Items.map((item) => item.action as string);
}

describe('DLQ management', () => {
  let tenant: string;
  let otherTenant: string;
  let ingestKey: string;
  let operator: string;
  let viewer: string;
  let otherOperator: string;
  let platformOperator: string;
  let queueUrl: string;
  let missingQueueUrl: string;

  const entry = (overrides: Record<string, unknown> = {}) => ({
    event_id: id('msg'),
    tenant_id: tenant,
    event_type: 'ExceptionTriaged',
    destination: { kind: 'sqs', address: queueUrl },
    payload: { exception_id: id('exc'), amount: 12.5 },
    attributes: { trace: 'abc' },
    failure_reason: 'triage timed out after 30 s',
    attempts: 3,
    failed_at: '2026-11-27T10:05:00Z',
    worker_type: 'triage',
    ...overrides,
  });

  /** Ingests entries and returns their DLQ ids, in order. */
  async function ingest(items: Record<string, unknown>[]): Promise<string[]> {
    for (let offset = 0; offset < items.length; offset += 500) {
      const response = await api('POST', '/ingest/dlq', {
        key: ingestKey,
        body: { items: items.slice(offset, offset + 500) },
      });
      expect(response.body.accepted).toBe(Math.min(500, items.length - offset));
    }
    const ids: string[] = [];
    for (const item of items) {
      const { Item } = await dynamo.send(
        new GetCommand({
          TableName: stack.tables.dlq,
          Key: { pk: `TENANT#${item.tenant_id}#DLQEVT#${item.event_id}`, sk: 'MARK' },
        }),
      );
      ids.push(Item!.dlq_id as string);
    }
    return ids;
  }

  async function waitForBatch(batchId: string, key = operator) {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const progress = await api('GET', `/ops/dlq/batches/${batchId}`, { key });
      expect(progress.status).toBe(200);
      if (progress.body.status === 'completed' || Date.now() > deadline) return progress.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    tenant = await createTenant();
    otherTenant = await createTenant();
    ingestKey = await createKey('platform', 'ingest');
    operator = await createKey(tenant, 'operator');
    viewer = await createKey(tenant, 'viewer');
    otherOperator = await createKey(otherTenant, 'operator');
    platformOperator = await createKey('platform', 'operator');
    const queue = await provisionQueue(stack.endpoints.sqs, id('dlq-it'), {
      ...queues.ingest,
      visibilityTimeoutSeconds: 5,
    });
    queueUrl = queue.url;
    missingQueueUrl = `${stack.endpoints.sqs}/000000000000/${id('never-created')}`;
    for (const address of [queueUrl, missingQueueUrl]) {
      const declared = await api('PUT', `/admin/destinations/${id('dest')}`, {
        body: { kind: 'sqs', address },
      });
      expect(declared.status).toBe(201);
    }
  });

  afterAll(() => sqs.destroy());

  describe('GET /ops/dlq', () => {
    it('combines filters, pages with a cursor and answers summaries without payloads', async () => {
      const eventType = id('Listed');
      const items = [
        entry({
          event_type: eventType,
          failure_reason: 'Connection RESET by peer',
          failed_at: '2026-11-20T10:00:00Z',
        }),
        entry({ event_type: eventType, worker_type: 'policy', failed_at: '2026-11-21T10:00:00Z' }),
        entry({ event_type: eventType, failed_at: '2026-11-22T10:00:00Z' }),
        entry({ event_type: eventType, failed_at: '2026-11-23T10:00:00Z' }),
      ];
      const ids = await ingest(items);

      const all = await api('GET', `/ops/dlq?event_type=${eventType}&limit=3`, { key: operator });
      expect(all.status).toBe(200);
      expect(all.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([ids[3], ids[2], ids[1]]);
      expect(all.body.items[0]).not.toHaveProperty('payload');
      expect(all.body.items[0]).toMatchObject({ status: 'pending', tenant_id: tenant, retry_count: 0 });
      const next = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&limit=3&cursor=${all.body.next_cursor}`,
        {
          key: operator,
        },
      );
      expect(next.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([ids[0]]);
      expect(next.body.next_cursor).toBeNull();

      const byReason = await api('GET', `/ops/dlq?event_type=${eventType}&q=reset`, { key: operator });
      expect(byReason.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([ids[0]]);
      const byWorker = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&worker_type=policy&status=pending`,
        {
          key: operator,
        },
      );
      expect(byWorker.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([ids[1]]);
      const byWindow = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&from=2026-11-21T00:00:00Z&to=2026-11-22T23:59:59Z&destination=sqs`,
        { key: operator },
      );
      expect(byWindow.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([ids[2], ids[1]]);
      const byAddress = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&destination=${encodeURIComponent(missingQueueUrl)}`,
        { key: operator },
      );
      expect(byAddress.body.items).toEqual([]);
    });

    it('lets platform principals list across tenants from the day index', async () => {
      const eventType = id('Across');
      const [mine, theirs] = await ingest([
        entry({ event_type: eventType, failed_at: '2026-11-25T08:00:00Z' }),
        entry({ event_type: eventType, tenant_id: otherTenant, failed_at: '2026-11-26T08:00:00Z' }),
      ]);
      const across = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&from=2026-11-01T00:00:00Z&to=2026-11-28T00:00:00Z&limit=1`,
        { key: platformOperator },
      );
      expect(across.status).toBe(200);
      expect(across.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([theirs]);
      const rest = await api(
        'GET',
        `/ops/dlq?event_type=${eventType}&from=2026-11-01T00:00:00Z&to=2026-11-28T00:00:00Z&cursor=${across.body.next_cursor}`,
        { key: platformOperator },
      );
      expect(rest.body.items.map((i: { dlq_id: string }) => i.dlq_id)).toEqual([mine]);
      const tooWide = await api('GET', '/ops/dlq?from=2025-01-01T00:00:00Z&to=2026-11-28T00:00:00Z', {
        key: platformOperator,
      });
      expectProblem(tooWide, 400, 'validation-error');
    });

    it('keeps tenants apart, refuses viewers and ingest keys, and validates the query', async () => {
      expectProblem(
        await api('GET', `/ops/dlq?tenant_id=${tenant}`, { key: otherOperator }),
        404,
        'not-found',
      );
      const own = await api('GET', '/ops/dlq?limit=200', { key: otherOperator });
      expect(own.body.items.every((i: { tenant_id: string }) => i.tenant_id === otherTenant)).toBe(true);
      expectProblem(await api('GET', '/ops/dlq', { key: viewer }), 403, 'forbidden');
      expectProblem(await api('GET', '/ops/dlq', { key: ingestKey }), 403, 'forbidden');
      expectProblem(await api('GET', '/ops/dlq?status=lost', { key: operator }), 400, 'validation-error');
      expectProblem(await api('GET', '/ops/dlq?colour=red', { key: operator }), 400, 'validation-error');
      expectProblem(
        await api('GET', '/ops/dlq?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', { key: operator }),
        400,
        'validation-error',
      );
      expectProblem(await api('GET', '/ops/dlq?cursor=bm9wZQ', { key: operator }), 400, 'invalid-cursor');
    });
  });

  describe('GET /ops/dlq/{id}', () => {
    it('answers payload, attributes, history and lineage, to the owning tenant and platform only', async () => {
      const item = entry();
      const [dlqId] = await ingest([item]);
      const detail = await api('GET', `/ops/dlq/${dlqId}`, { key: operator });
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        dlq_id: dlqId,
        payload: item.payload,
        attributes: { trace: 'abc' },
        failure_reason: item.failure_reason,
        lineage: { retried_from: null, original_dlq_id: dlqId, retried_to: [] },
      });
      expect(detail.body.history.map((h: { operation: string }) => h.operation)).toEqual(['received']);
      expect((await api('GET', `/ops/dlq/${dlqId}`, { key: platformOperator })).status).toBe(200);
      expectProblem(await api('GET', `/ops/dlq/${dlqId}`, { key: otherOperator }), 404, 'not-found');
      expectProblem(await api('GET', `/ops/dlq/${dlqId}`, { key: viewer }), 403, 'forbidden');
      expectProblem(await api('GET', `/ops/dlq/${dlqId}`, { key: ingestKey }), 403, 'forbidden');
      expectProblem(await api('GET', '/ops/dlq/not-an-id', { key: operator }), 400, 'validation-error');
    });

    it('links an entry that came back from a retry to the one it was retried from', async () => {
      const [first] = await ingest([entry()]);
      const [second] = await ingest([
        entry({ attributes: { trace: 'abc', 'opsdeck-dlq-id': first, 'opsdeck-dlq-original-id': first } }),
      ]);
      const later = await api('GET', `/ops/dlq/${second}`, { key: operator });
      expect(later.body.lineage).toEqual({ retried_from: first, original_dlq_id: first, retried_to: [] });
      const earlier = await api('GET', `/ops/dlq/${first}`, { key: operator });
      expect(earlier.body.lineage.retried_to).toEqual([second]);
    });
  });

  describe('POST /ops/dlq/{id}/retry', () => {
    it('puts the message back on its queue with its attributes and lineage, then holds 409s', async () => {
      const item = entry();
      const [dlqId] = await ingest([item]);
      const retried = await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ outcome: 'succeeded', reason: null });
      expect(retried.body.entry).toMatchObject({ status: 'succeeded', retry_count: 1 });
      expect(retried.body.entry.history.map((h: { operation: string }) => h.operation)).toEqual([
        'received',
        'retry_started',
        'retry_succeeded',
      ]);

      const [message, ...others] = await drainQueue(queueUrl, 1);
      expect(others).toEqual([]);
      expect(JSON.parse(message!.Body!)).toEqual(item.payload);
      const attributes = Object.fromEntries(
        Object.entries(message!.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
      );
      expect(attributes).toEqual({
        trace: 'abc',
        'opsdeck-dlq-id': dlqId,
        'opsdeck-dlq-original-id': dlqId,
        'opsdeck-dlq-attempt': '1',
      });

      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator }), 409, 'conflict');
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/discard`, { key: operator, body: { reason: 'late' } }),
        409,
        'conflict',
      );
      const actions = await auditActions(tenant);
      expect(actions).toEqual(expect.arrayContaining(['dlq.retry_started', 'dlq.retry_succeeded']));
    });

    it('publishes exactly once when retries race', async () => {
      const [dlqId] = await ingest([entry()]);
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator })),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      for (const response of responses.filter((r) => r.status !== 200))
        expectProblem(response, 409, 'conflict');
      const messages = await drainQueue(queueUrl, 1);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.MessageAttributes?.['opsdeck-dlq-id']?.StringValue).toBe(dlqId);
    });

    it('ends failed with the reason when the queue does not exist, keeping the entry and its payload', async () => {
      const item = entry({ destination: { kind: 'sqs', address: missingQueueUrl } });
      const [dlqId] = await ingest([item]);
      const retried = await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator });
      expect(retried.status).toBe(200);
      expect(retried.body.outcome).toBe('failed');
      expect(retried.body.reason).toMatch(/SQS refused the message/);
      expect(retried.body.entry).toMatchObject({
        status: 'pending',
        attempts: 4,
        retry_count: 1,
        payload: item.payload,
        failure_reason: retried.body.reason,
      });
      expect(retried.body.entry.history.at(-1)).toMatchObject({ operation: 'retry_failed', attempt: 1 });
      expect(await auditActions(tenant)).toContain('dlq.retry_failed');
    });

    it('stops after the configured number of retries', async () => {
      const [dlqId] = await ingest([entry({ destination: { kind: 'sqs', address: missingQueueUrl } })]);
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator })).body.outcome).toBe('failed');
      }
      const detail = await api('GET', `/ops/dlq/${dlqId}`, { key: operator });
      expect(detail.body).toMatchObject({ status: 'failed', retry_count: 5 });
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator }), 409, 'conflict');
      const discarded = await api('POST', `/ops/dlq/${dlqId}/discard`, {
        key: operator,
        body: { reason: 'queue retired' },
      });
      expect(discarded.body.status).toBe('discarded');
    });

    it('keeps tenants apart, refuses viewers and ingest keys, and validates input', async () => {
      const [dlqId] = await ingest([entry()]);
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: otherOperator }), 404, 'not-found');
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: viewer }), 403, 'forbidden');
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: ingestKey }), 403, 'forbidden');
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator, body: { force: true } }),
        400,
        'validation-error',
      );
      expect((await api('GET', `/ops/dlq/${dlqId}`, { key: operator })).body).toMatchObject({
        status: 'pending',
        retry_count: 0,
      });
      expect(await drainQueue(queueUrl)).toEqual([]);
    });
  });

  describe('POST /ops/dlq/{id}/discard', () => {
    it('discards with a reason, terminally, and audits it', async () => {
      const [dlqId] = await ingest([entry()]);
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/discard`, { key: operator, body: {} }), 400);
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/discard`, { key: otherOperator, body: { reason: 'x' } }),
        404,
        'not-found',
      );
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/discard`, { key: viewer, body: { reason: 'x' } }),
        403,
      );
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/discard`, { key: ingestKey, body: { reason: 'x' } }),
        403,
      );
      expect((await api('GET', `/ops/dlq/${dlqId}`, { key: operator })).body.status).toBe('pending');

      const discarded = await api('POST', `/ops/dlq/${dlqId}/discard`, {
        key: operator,
        body: { reason: 'duplicate of EXC-1' },
      });
      expect(discarded.status).toBe(200);
      expect(discarded.body).toMatchObject({ status: 'discarded', discard_reason: 'duplicate of EXC-1' });
      expect(discarded.body.history.at(-1)).toMatchObject({
        operation: 'discarded',
        reason: 'duplicate of EXC-1',
      });
      expectProblem(await api('POST', `/ops/dlq/${dlqId}/retry`, { key: operator }), 409, 'conflict');
      expectProblem(
        await api('POST', `/ops/dlq/${dlqId}/discard`, { key: operator, body: { reason: 'again' } }),
        409,
      );
      expect(await auditActions(tenant)).toContain('dlq.discarded');
    });
  });

  describe('POST /ops/dlq/retry-batch and GET /ops/dlq/batches/{id}', () => {
    it('retries selected ids through the retry queue with visible progress', async () => {
      const eventType = id('Batch');
      const ids = await ingest(Array.from({ length: 25 }, () => entry({ event_type: eventType })));
      const [discarded] = ids;
      await api('POST', `/ops/dlq/${discarded}/discard`, { key: operator, body: { reason: 'not needed' } });
      const unknown = 'dlq_01JABCDEFGHJKMNPQRSTVWXYZ0';
      const started = await api('POST', '/ops/dlq/retry-batch', {
        key: operator,
        body: { ids: [...ids, unknown] },
      });
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ total: 25, not_found: [unknown] });
      const done = await waitForBatch(started.body.batch_id);
      expect(done).toMatchObject({
        status: 'completed',
        total: 25,
        done: 24,
        failed: 0,
        skipped: 1,
        remaining: 0,
      });
      const messages = await drainQueue(queueUrl, 24);
      expect(messages).toHaveLength(24);
      expect((await api('GET', `/ops/dlq/${ids[5]}`, { key: operator })).body.status).toBe('succeeded');
      expect(await auditActions(tenant)).toContain('dlq.batch_retry_requested');

      expectProblem(
        await api('GET', `/ops/dlq/batches/${started.body.batch_id}`, { key: otherOperator }),
        404,
        'not-found',
      );
      expectProblem(await api('GET', `/ops/dlq/batches/${started.body.batch_id}`, { key: viewer }), 403);
      expectProblem(await api('GET', `/ops/dlq/batches/${started.body.batch_id}`, { key: ingestKey }), 403);
      expectProblem(await api('GET', '/ops/dlq/batches/nope', { key: operator }), 400, 'validation-error');
    });

    it('never publishes or counts twice when a chunk is delivered again, or an entry is retried alongside', async () => {
      const ids = await ingest(Array.from({ length: 5 }, () => entry({ event_type: id('Redelivered') })));
      const started = await api('POST', '/ops/dlq/retry-batch', { key: operator, body: { ids } });
      expect(started.status).toBe(202);
      const done = await waitForBatch(started.body.batch_id);
      expect(done).toMatchObject({ status: 'completed', done: 5, skipped: 0 });
      expect(await drainQueue(queueUrl, 5)).toHaveLength(5);

      // The same chunk again, as SQS may deliver it: nothing is republished, nothing counted twice.
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.queues.dlqRetry.url,
          MessageBody: JSON.stringify({
            batch_id: started.body.batch_id,
            chunk: 0,
            entries: ids.map((dlqId) => ({ tenant_id: tenant, dlq_id: dlqId })),
          }),
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await drainQueue(queueUrl)).toEqual([]);
      expect(
        (await api('GET', `/ops/dlq/batches/${started.body.batch_id}`, { key: operator })).body,
      ).toMatchObject({
        done: 5,
        skipped: 0,
        remaining: 0,
      });
      expectProblem(await api('POST', `/ops/dlq/${ids[0]}/retry`, { key: operator }), 409, 'conflict');
    });

    it('retries by filter after a count and a confirmation token', async () => {
      const eventType = id('Filtered');
      await ingest(Array.from({ length: 12 }, () => entry({ event_type: eventType })));
      await ingest([entry({ event_type: eventType, tenant_id: otherTenant })]);
      const preview = await api('POST', '/ops/dlq/retry-batch', {
        key: operator,
        body: { filter: { event_type: eventType } },
      });
      expect(preview.status).toBe(200);
      expect(preview.body.count).toBe(12);
      expect(await drainQueue(queueUrl)).toEqual([]);
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', {
          key: otherOperator,
          body: { confirmation_token: preview.body.confirmation_token },
        }),
        404,
      );
      const started = await api('POST', '/ops/dlq/retry-batch', {
        key: operator,
        body: { confirmation_token: preview.body.confirmation_token },
      });
      expect(started.status).toBe(202);
      expect(started.body.total).toBe(12);
      const done = await waitForBatch(started.body.batch_id);
      expect(done).toMatchObject({ status: 'completed', done: 12, remaining: 0 });
      expect(await drainQueue(queueUrl, 12)).toHaveLength(12);
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', {
          key: operator,
          body: { confirmation_token: preview.body.confirmation_token },
        }),
        404,
      );
    });

    it('keeps tenants apart, refuses viewers and ingest keys, and validates the body', async () => {
      const [dlqId] = await ingest([entry()]);
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', { key: otherOperator, body: { ids: [dlqId] } }),
        404,
      );
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', {
          key: otherOperator,
          body: { filter: { tenant_id: tenant } },
        }),
        404,
      );
      expectProblem(await api('POST', '/ops/dlq/retry-batch', { key: viewer, body: { ids: [dlqId] } }), 403);
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', { key: ingestKey, body: { ids: [dlqId] } }),
        403,
      );
      expectProblem(await api('POST', '/ops/dlq/retry-batch', { key: operator, body: { ids: [] } }), 400);
      const tooMany = Array.from({ length: 1001 }, () => dlqId);
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', { key: operator, body: { ids: tooMany } }),
        400,
      );
      expectProblem(
        await api('POST', '/ops/dlq/retry-batch', { key: operator, body: { ids: [dlqId], filter: {} } }),
        400,
      );
      expect((await api('GET', `/ops/dlq/${dlqId}`, { key: operator })).body.status).toBe('pending');
    });
  });

  describe('GET /ops/dlq/stats', () => {
    it('counts by event type, status, tenant and day with a daily growth series', async () => {
      const statsTenant = await createTenant();
      const statsOperator = await createKey(statsTenant, 'operator');
      const ids = await ingest([
        entry({ tenant_id: statsTenant, event_type: 'A', failed_at: '2026-11-10T01:00:00Z' }),
        entry({ tenant_id: statsTenant, event_type: 'A', failed_at: '2026-11-12T01:00:00Z' }),
        entry({ tenant_id: statsTenant, event_type: 'B', failed_at: '2026-11-12T02:00:00Z' }),
      ]);
      await api('POST', `/ops/dlq/${ids[0]}/discard`, { key: statsOperator, body: { reason: 'noise' } });
      const window = 'from=2026-11-10T00:00:00Z&to=2026-11-12T23:59:59Z';
      const byType = await api('GET', `/ops/dlq/stats?${window}&group_by=event_type`, { key: statsOperator });
      expect(byType.status).toBe(200);
      expect(byType.body.total).toBe(3);
      expect(byType.body.groups).toEqual([
        { key: 'A', count: 2 },
        { key: 'B', count: 1 },
      ]);
      expect(byType.body.growth).toEqual([
        { day: '2026-11-10', received: 1, total: 1 },
        { day: '2026-11-11', received: 0, total: 1 },
        { day: '2026-11-12', received: 2, total: 3 },
      ]);
      const byStatus = await api('GET', `/ops/dlq/stats?${window}&group_by=status`, { key: statsOperator });
      expect(byStatus.body.groups).toEqual(
        expect.arrayContaining([
          { key: 'pending', count: 2 },
          { key: 'discarded', count: 1 },
        ]),
      );
      const byTenant = await api('GET', `/ops/dlq/stats?${window}&group_by=tenant`, {
        key: platformOperator,
      });
      expect(byTenant.body.groups).toContainEqual({ key: statsTenant, count: 3 });
      expectProblem(await api('GET', `/ops/dlq/stats?tenant_id=${statsTenant}`, { key: otherOperator }), 404);
      expectProblem(await api('GET', '/ops/dlq/stats', { key: viewer }), 403);
      expectProblem(await api('GET', '/ops/dlq/stats', { key: ingestKey }), 403);
      expectProblem(await api('GET', '/ops/dlq/stats?group_by=colour', { key: statsOperator }), 400);
    });
  });
});
