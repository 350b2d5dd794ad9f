import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, expectProblem, stack } from './support/api';

const run = randomBytes(3).toString('hex');
const sqs = new SQSClient({
  endpoint: stack.endpoints.sqs,
  region: stack.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

const EVENTS = 200;
const FAILED = 10;
const RETRIED = 5;

/** 200 policy events of tenant A in the last minute: latencies 1..200 ms, 10 failed, 5 retried. */
function policyEvents(tenantId: string) {
  const now = Date.now();
  return Array.from({ length: EVENTS }, (_, index) => {
    const finished = now - 15_000 - index * 100;
    return {
      event_id: `m-${run}-${index}`,
      tenant_id: tenantId,
      worker_type: 'policy',
      worker_instance: `policy-${index % 3}`,
      topic: 'opsdeck-fleet-policy',
      event_type: 'PolicyEvaluated',
      status: index < FAILED ? 'failed' : index < FAILED + RETRIED ? 'retried' : 'succeeded',
      ...(index < FAILED ? { error: 'boom' } : {}),
      started_at: new Date(finished - (index + 1)).toISOString(),
      finished_at: new Date(finished).toISOString(),
    };
  });
}

const within = (actual: number, exact: number, relative: number) =>
  expect(Math.abs(actual - exact) / exact).toBeLessThanOrEqual(relative);

describe('GET /api/ops/workers/throughput, /latency, /errors', () => {
  let tenantA: string;
  let tenantB: string;
  let operatorA: string;
  let adminA: string;
  let viewerA: string;
  let operatorB: string;
  let platformOperator: string;
  let ingestKey: string;

  beforeAll(async () => {
    tenantA = await createTenant();
    tenantB = await createTenant();
    operatorA = await createKey(tenantA, 'operator');
    adminA = await createKey(tenantA, 'admin');
    viewerA = await createKey(tenantA, 'viewer');
    operatorB = await createKey(tenantB, 'operator');
    platformOperator = await createKey('platform', 'operator');
    ingestKey = await createKey('platform', 'ingest');
    const ingested = await api('POST', '/ingest/processing-events', {
      key: ingestKey,
      body: { items: policyEvents(tenantA) },
    });
    expect(ingested.status, JSON.stringify(ingested.body)).toBe(200);
  });

  it('reports throughput for the tenant from the aggregates, with a per-minute series', async () => {
    const response = await api('GET', '/ops/workers/throughput?range=5m&worker_type=policy', {
      key: operatorA,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      range: '5m',
      granularity: 'minute',
      step_seconds: 60,
      tenant_id: tenantA,
    });
    const [policy] = response.body.items;
    expect(response.body.items).toHaveLength(1);
    expect(policy.worker_type).toBe('policy');
    expect(policy.current.events).toBe(EVENTS);
    within(policy.current.events_per_second, EVENTS / 300, 0.01);
    expect(policy.series.length).toBeGreaterThanOrEqual(5);
    expect(policy.series.reduce((sum: number, point: { events: number }) => sum + point.events, 0)).toBe(
      EVENTS,
    );

    // All worker types without the filter; the others are empty for this tenant.
    const all = await api('GET', `/ops/workers/throughput?range=1h&tenant_id=${tenantA}`, {
      key: platformOperator,
    });
    expect(all.body.items.map((item: { worker_type: string }) => item.worker_type)).toEqual([
      'intake',
      'triage',
      'policy',
      'playbook',
      'tool',
      'feedback',
      'sla_monitor',
    ]);
    expect(
      all.body.items.find((i: { worker_type: string }) => i.worker_type === 'triage').current.events,
    ).toBe(0);
    expect(all.body.items[0].series.length).toBeGreaterThanOrEqual(60);

    // The platform view includes this tenant's events.
    const platform = await api('GET', '/ops/workers/throughput?range=5m&worker_type=policy', {
      key: platformOperator,
    });
    expect(platform.body.tenant_id).toBeNull();
    expect(platform.body.items[0].current.events).toBeGreaterThanOrEqual(EVENTS);
  });

  it('reports latency percentiles within 1% of the exact values', async () => {
    const response = await api('GET', '/ops/workers/latency?range=1h&worker_type=policy', { key: operatorA });
    expect(response.status).toBe(200);
    const { current } = response.body.items[0];
    // Latencies are 1..200 ms; the rank of q is ceil(q·(n−1)), so the exact values are 101, 191, 199.
    within(current.p50_ms, 101, 0.01);
    within(current.p95_ms, 191, 0.01);
    within(current.p99_ms, 199, 0.01);
    expect(current.mean_ms).toBe(100.5);
    expect(current.events).toBe(EVENTS);
  });

  it('reports error rates in percent', async () => {
    const response = await api('GET', '/ops/workers/errors?range=24h&worker_type=policy', { key: operatorA });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ granularity: 'hour', step_seconds: 3600 });
    expect(response.body.items[0].current).toEqual({
      error_rate_pct: (FAILED / EVENTS) * 100,
      failures: FAILED,
      retries: RETRIED,
      events: EVENTS,
    });
    expect(response.body.items[0].series.length).toBeGreaterThanOrEqual(24);
    const week = await api('GET', '/ops/workers/errors?range=7d&worker_type=policy', { key: operatorA });
    expect(week.body.items[0].current.failures).toBe(FAILED);
  });

  it('accepts from/to and chooses the step from the span', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 60_000);
    const response = await api(
      'GET',
      `/ops/workers/throughput?worker_type=policy&from=${from.toISOString()}&to=${to.toISOString()}`,
      { key: operatorA },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ range: null, granularity: 'minute' });
    expect(response.body.items[0].current.events).toBe(EVENTS);
  });

  it('keeps tenants apart and needs operator or above', async () => {
    const other = await api('GET', '/ops/workers/throughput?range=5m&worker_type=policy', { key: operatorB });
    expect(other.status).toBe(200);
    expect(other.body.tenant_id).toBe(tenantB);
    expect(other.body.items[0].current.events).toBe(0);
    for (const path of ['throughput', 'latency', 'errors', 'lag']) {
      expectProblem(await api('GET', `/ops/workers/${path}?tenant_id=${tenantA}`, { key: operatorB }), 404);
      expectProblem(await api('GET', `/ops/workers/${path}`, { key: viewerA }), 403, 'forbidden');
      expectProblem(await api('GET', `/ops/workers/${path}`, { key: ingestKey }), 403, 'forbidden');
      expectProblem(await api('GET', `/ops/workers/${path}`, { key: null }), 401);
    }
    expect((await api('GET', '/ops/workers/latency', { key: adminA })).status).toBe(200);
    expectProblem(
      await api('GET', `/ops/workers/throughput?tenant_id=no-such-${run}`, { key: platformOperator }),
      404,
    );
  });

  it.each([
    ['range=2h', 'query.range'],
    ['range=5m&from=2026-01-01T00:00:00Z', 'query.range'],
    ['from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z', 'query.from'],
    [`from=${new Date(Date.now() - 101 * 86_400_000).toISOString()}`, 'query.from'],
    ['from=yesterday', 'query.from'],
    ['worker_type=janitor', 'query.worker_type'],
    ['tenant_id=Not_A_Tenant', 'query.tenant_id'],
    ['bucket=1m', 'query'],
  ])('rejects %s with 400', async (query, path) => {
    for (const endpoint of ['throughput', 'latency', 'errors']) {
      const response = await api('GET', `/ops/workers/${endpoint}?${query}`, { key: platformOperator });
      expectProblem(response, 400, 'validation-error');
      expect(response.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
    }
  });
});

describe('GET /api/ops/workers/lag', () => {
  let tenantA: string;
  let tenantB: string;
  let operatorA: string;
  let operatorB: string;
  let platformOperator: string;
  const queueUrls: string[] = [];
  const destinations: string[] = [];

  async function createQueue(name: string): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    queueUrls.push(QueueUrl!);
    return QueueUrl!;
  }

  async function declare(id: string, address: string, tenantId?: string) {
    const response = await api('PUT', `/admin/destinations/${id}`, {
      body: { kind: 'sqs', address, ...(tenantId ? { tenant_id: tenantId } : {}) },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    destinations.push(id);
  }

  beforeAll(async () => {
    tenantA = await createTenant();
    tenantB = await createTenant();
    operatorA = await createKey(tenantA, 'operator');
    operatorB = await createKey(tenantB, 'operator');
    platformOperator = await createKey('platform', 'operator');
    const queueA = await createQueue(`lag-a-${run}`);
    const queuePlatform = await createQueue(`lag-p-${run}`);
    for (let i = 0; i < 3; i++)
      await sqs.send(new SendMessageCommand({ QueueUrl: queueA, MessageBody: `m${i}` }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queuePlatform, MessageBody: 'p' }));
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueA, MaxNumberOfMessages: 1, VisibilityTimeout: 120 }),
    );
    expect(received.Messages).toHaveLength(1);
    await declare(`lag-a-${run}`, queueA, tenantA);
    await declare(`lag-p-${run}`, queuePlatform);
    // A declared queue that does not exist: reported with an error, never blocking the others.
    await declare(`lag-gone-${run}`, queueA.replace(`lag-a-${run}`, `lag-gone-${run}`), tenantA);
  });

  afterAll(async () => {
    for (const id of destinations) await api('DELETE', `/admin/destinations/${id}`);
    for (const url of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    sqs.destroy();
  });

  it("shows a tenant its own queues' pending messages (visible + in flight)", async () => {
    const response = await api('GET', '/ops/workers/lag', { key: operatorA });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.tenant_id).toBe(tenantA);
    const ids = response.body.queues.map((q: { destination_id: string }) => q.destination_id).sort();
    expect(ids).toEqual([`lag-a-${run}`, `lag-gone-${run}`]);
    const queue = response.body.queues.find(
      (q: { destination_id: string }) => q.destination_id === `lag-a-${run}`,
    );
    expect(queue).toMatchObject({
      queue_name: `lag-a-${run}`,
      visible: 2,
      in_flight: 1,
      pending: 3,
      error: null,
    });
    const gone = response.body.queues.find(
      (q: { destination_id: string }) => q.destination_id === `lag-gone-${run}`,
    );
    expect(gone).toMatchObject({ pending: null });
    expect(gone.error).toBeTruthy();
    // What the platform's workers report is the platform's, not a tenant's.
    expect(response.body.worker_reported).toEqual([]);
  });

  it('keeps tenants apart; platform principals see platform-wide queues', async () => {
    const other = await api('GET', '/ops/workers/lag', { key: operatorB });
    expect(other.status).toBe(200);
    expect(other.body.queues).toEqual([]);
    const platform = await api('GET', '/ops/workers/lag', { key: platformOperator });
    const ids = platform.body.queues.map((q: { destination_id: string }) => q.destination_id);
    expect(ids).toEqual(expect.arrayContaining([`lag-a-${run}`, `lag-p-${run}`]));
    const platformQueue = platform.body.queues.find(
      (q: { destination_id: string }) => q.destination_id === `lag-p-${run}`,
    );
    expect(platformQueue).toMatchObject({ tenant_id: null, pending: 1 });
    const narrowed = await api('GET', `/ops/workers/lag?tenant_id=${tenantA}`, { key: platformOperator });
    expect(narrowed.body.queues.map((q: { destination_id: string }) => q.destination_id)).not.toContain(
      `lag-p-${run}`,
    );
    expectProblem(await api('GET', '/ops/workers/lag?worker_type=janitor', { key: platformOperator }), 400);
  });
});
