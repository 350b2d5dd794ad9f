import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, dynamo, expectProblem, stack } from './support/api';

/** A worker stand-in whose probes the test steers. */
interface FakeWorker {
  instanceId: string;
  port: number;
  live: boolean;
  ready: boolean;
  healthzHits: number;
  close(): Promise<void>;
}

const run = randomBytes(3).toString('hex');
const servers: { close(): Promise<void> }[] = [];
const registered: [string, string][] = [];

async function startFakeWorker(instanceId: string, lag = 0): Promise<FakeWorker> {
  const worker = { instanceId, live: true, ready: true, healthzHits: 0 } as FakeWorker;
  const server = http.createServer((request, response) => {
    if (request.url === '/healthz') {
      worker.healthzHits += 1;
      response.writeHead(worker.live ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: worker.live ? 'ok' : 'unhealthy' }));
    } else if (request.url === '/readyz') {
      response.writeHead(worker.ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(worker.ready ? { status: 'ready' } : { status: 'not_ready', reason: 'queue' }),
      );
    } else if (request.url === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(
        `# TYPE worker_queue_lag_messages gauge\nworker_queue_lag_messages{queue="q-${instanceId}",worker_type="tool"} ${lag}\n`,
      );
    } else {
      response.writeHead(404).end();
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker.port = (server.address() as AddressInfo).port;
  worker.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(worker);
  return worker;
}

/** A TCP server that either never answers or answers bytes that are not HTTP. */
async function startBrokenServer(mode: 'hang' | 'garbage'): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    if (mode === 'garbage') socket.end('\x00\x01 this is not HTTP at all \r\n\r\n\xff');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return (server.address() as AddressInfo).port;
}

async function register(workerType: string, instanceId: string, port: number, criticality = 'medium') {
  const response = await api('PUT', `/admin/workers/${workerType}/${instanceId}`, {
    body: {
      base_url: `http://127.0.0.1:${port}`,
      metrics_url: `http://127.0.0.1:${port}/metrics`,
      criticality,
    },
  });
  expect([200, 201], JSON.stringify(response.body)).toContain(response.status);
  registered.push([workerType, instanceId]);
}

const refresh = (key?: string) => api('GET', '/ops/workers/health?refresh=true', key ? { key } : {});
const rowOf = (body: { items: { instance_id: string }[] }, instanceId: string) =>
  body.items.find((item) => item.instance_id === instanceId) as Record<string, any> | undefined;

describe('GET /api/ops/workers/health', () => {
  let tenantA: string;
  let tenantB: string;
  let operatorA: string;
  let viewerA: string;
  let platformViewer: string;
  let platformOperator: string;
  let ingestKey: string;

  beforeAll(async () => {
    tenantA = await createTenant();
    tenantB = await createTenant();
    operatorA = await createKey(tenantA, 'operator');
    viewerA = await createKey(tenantA, 'viewer');
    platformViewer = await createKey('platform', 'viewer');
    platformOperator = await createKey('platform', 'operator');
    ingestKey = await createKey('platform', 'ingest');
  });

  afterAll(async () => {
    for (const [workerType, instanceId] of registered) {
      await api('DELETE', `/admin/workers/${workerType}/${instanceId}`);
    }
    // One more round drops the removed workers from the snapshot for the files that follow.
    await refresh();
    await Promise.all(servers.map((server) => server.close()));
  });

  it('derives healthy, degraded (not ready) and failing rows; hanging and garbage workers block nothing', async () => {
    const healthy = await startFakeWorker(`ok-${run}`, 7);
    const notReady = await startFakeWorker(`nr-${run}`);
    notReady.ready = false;
    const hangPort = await startBrokenServer('hang');
    const garbagePort = await startBrokenServer('garbage');
    await register('tool', healthy.instanceId, healthy.port, 'critical');
    await register('tool', notReady.instanceId, notReady.port);
    await register('tool', `hang-${run}`, hangPort);
    await register('tool', `garbage-${run}`, garbagePort);

    const started = Date.now();
    const response = await refresh(platformOperator);
    const elapsed = Date.now() - started;

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // The hanging worker costs one per-request timeout (2 s by default), not the round.
    expect(elapsed).toBeLessThan(10_000);
    expect(rowOf(response.body, healthy.instanceId)).toMatchObject({
      worker_type: 'tool',
      status: 'healthy',
      live: true,
      ready: true,
      consecutive_failures: 0,
      reason: null,
      criticality: 'critical',
    });
    const notReadyRow = rowOf(response.body, notReady.instanceId)!;
    expect(notReadyRow).toMatchObject({ status: 'degraded', live: true, ready: false });
    expect(notReadyRow.reason).toContain('readiness probe answered HTTP 503');
    const hung = rowOf(response.body, `hang-${run}`)!;
    expect(hung).toMatchObject({ status: 'degraded', live: false, consecutive_failures: 1 });
    expect(hung.reason).toContain('timed out');
    expect(rowOf(response.body, `garbage-${run}`)).toMatchObject({ live: false, consecutive_failures: 1 });
    for (const row of response.body.items) {
      expect(Object.keys(row).sort()).toEqual(
        [
          'consecutive_failures',
          'criticality',
          'instance_id',
          'last_check',
          'last_success',
          'live',
          'ready',
          'reason',
          'response_time_ms',
          'status',
          'worker_type',
        ].sort(),
      );
    }
    expect(response.body.refreshed).toBe(true);
    expect(response.body.stale).toBe(false);
    expect(response.body.counts.total).toBe(response.body.items.length);
    const tool = response.body.summary.find((s: { worker_type: string }) => s.worker_type === 'tool');
    expect(tool.status).not.toBe('healthy');
    expect(tool.health_score).toBeGreaterThan(0);

    // The lag the healthy worker reported on /metrics shows up in the lag endpoint.
    const lag = await api('GET', '/ops/workers/lag?worker_type=tool', { key: platformOperator });
    expect(lag.status).toBe(200);
    expect(lag.body.worker_reported).toContainEqual(
      expect.objectContaining({
        instance_id: healthy.instanceId,
        queue: `q-${healthy.instanceId}`,
        lag_messages: 7,
      }),
    );

    for (const id of [notReady.instanceId, `hang-${run}`, `garbage-${run}`]) {
      await api('DELETE', `/admin/workers/tool/${id}`);
    }
  });

  it('turns unhealthy after 3 failed polls, recovers after one success, and records the transitions', async () => {
    const worker = await startFakeWorker(`flaky-${run}`);
    await register('triage', worker.instanceId, worker.port, 'high');
    expect(rowOf((await refresh()).body, worker.instanceId)).toMatchObject({ status: 'healthy' });

    worker.live = false;
    const seen: { status: string; failures: number }[] = [];
    for (let poll = 0; poll < 3; poll++) {
      const row = rowOf((await refresh()).body, worker.instanceId)!;
      seen.push({ status: row.status, failures: row.consecutive_failures });
    }
    // The scheduled refresh (every minute) may add a poll of its own; the rule holds either way.
    for (const { status, failures } of seen) {
      expect(status).toBe(failures >= 3 ? 'unhealthy' : 'degraded');
    }
    expect(seen[0]!.failures).toBeGreaterThanOrEqual(1);
    expect(seen[2]!.failures).toBeGreaterThanOrEqual(3);
    expect(seen[2]!.status).toBe('unhealthy');

    worker.live = true;
    const recovered = rowOf((await refresh()).body, worker.instanceId)!;
    expect(recovered).toMatchObject({ status: 'healthy', consecutive_failures: 0, reason: null });

    const day = new Date().toISOString().slice(0, 10);
    const { Items } = await dynamo.send(
      new QueryCommand({
        TableName: stack.tables.telemetry,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `HEALTH#TRANSITIONS#${day}` },
      }),
    );
    const mine = (Items ?? [])
      .filter((item) => item.instance_id === worker.instanceId)
      .map((item) => item.to);
    expect(mine).toEqual(['healthy', 'degraded', 'unhealthy', 'healthy']);
  });

  it('summarises a fleet-wide failure of a type once', async () => {
    const workers = await Promise.all(
      Array.from({ length: 4 }, (_, index) => startFakeWorker(`fw${index}-${run}`)),
    );
    for (const worker of workers) await register('sla_monitor', worker.instanceId, worker.port);
    await refresh();
    for (const worker of workers.slice(0, 3)) worker.live = false;
    const response = await refresh();
    const summary = response.body.summary.find(
      (s: { worker_type: string }) => s.worker_type === 'sla_monitor',
    );
    expect(summary).toMatchObject({ status: 'unhealthy', fleet_wide_failure: true });
    expect(summary.reason).toMatch(/^fleet-wide failure: \d+ of \d+ instances failing$/);
    for (const worker of workers) await api('DELETE', `/admin/workers/sla_monitor/${worker.instanceId}`);
  });

  it('lets concurrent callers cause one probe round', { retry: 2 }, async () => {
    const worker = await startFakeWorker(`burst-${run}`);
    await register('intake', worker.instanceId, worker.port);
    await refresh();
    worker.healthzHits = 0;

    const responses = await Promise.all(Array.from({ length: 8 }, () => refresh(platformOperator)));

    for (const response of responses) expect(response.status).toBe(200);
    // Exactly one caller took the lease and probed; the others waited for its snapshot.
    expect(worker.healthzHits).toBe(1);
    expect(responses.filter((response) => response.body.refreshed)).toHaveLength(1);
    expect(new Set(responses.map((response) => response.body.generated_at)).size).toBe(1);
  });

  it('serves the stored snapshot while it is younger than the TTL', async () => {
    const worker = await startFakeWorker(`ttl-${run}`);
    await register('policy', worker.instanceId, worker.port);
    const fresh = await refresh();
    worker.healthzHits = 0;
    const cached = await api('GET', '/ops/workers/health', { key: operatorA });
    expect(cached.status).toBe(200);
    expect(cached.body.refreshed).toBe(false);
    expect(cached.body.generated_at).toBe(fresh.body.generated_at);
    expect(cached.body.ttl_seconds).toBe(30);
    expect(worker.healthzHits).toBe(0);
    const filtered = await api('GET', '/ops/workers/health?worker_type=policy', { key: operatorA });
    expect(filtered.body.items.every((item: { worker_type: string }) => item.worker_type === 'policy')).toBe(
      true,
    );
    expect(rowOf(filtered.body, worker.instanceId)).toBeDefined();
  });

  it('needs operator or above; tenant principals only name their own tenant', async () => {
    expectProblem(await api('GET', '/ops/workers/health', { key: viewerA }), 403, 'forbidden');
    expectProblem(await api('GET', '/ops/workers/health', { key: platformViewer }), 403, 'forbidden');
    expectProblem(await api('GET', '/ops/workers/health', { key: ingestKey }), 403, 'forbidden');
    expectProblem(await api('GET', '/ops/workers/health', { key: null }), 401, 'unauthorized');
    expectProblem(
      await api('GET', `/ops/workers/health?tenant_id=${tenantB}`, { key: operatorA }),
      404,
      'not-found',
    );
    expect((await api('GET', `/ops/workers/health?tenant_id=${tenantA}`, { key: operatorA })).status).toBe(
      200,
    );
    expect(
      (await api('GET', `/ops/workers/health?tenant_id=${tenantB}`, { key: platformOperator })).status,
    ).toBe(200);
  });

  it('rejects bad input with 400', async () => {
    expectProblem(await api('GET', '/ops/workers/health?worker_type=nope'), 400, 'validation-error');
    expectProblem(await api('GET', '/ops/workers/health?refresh=yes'), 400, 'validation-error');
    expectProblem(await api('GET', '/ops/workers/health?color=red'), 400, 'validation-error');
  });
});
