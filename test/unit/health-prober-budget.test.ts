import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeWorkers } from '../../shared/ops-workers/health-prober';
import type { RegisteredWorker } from '../../shared/registry/worker-schemas';

// Loopback stand-ins: one server that answers per path, one that accepts and never answers.
const hits: Record<string, number> = {};
let answering: http.Server;
let hanging: net.Server;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  answering = http.createServer((request, response) => {
    hits[request.url!] = (hits[request.url!] ?? 0) + 1;
    response.writeHead(request.url!.startsWith('/down/') ? 503 : 200).end('{}');
  });
  hanging = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await Promise.all([
    new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve)),
  ]);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  answering.closeAllConnections();
  await Promise.all([
    new Promise((resolve) => answering.close(resolve)),
    new Promise((resolve) => hanging.close(resolve)),
  ]);
});

const worker = (instanceId: string, baseUrl: string, metrics = false): RegisteredWorker =>
  ({
    worker_type: 'tool',
    instance_id: instanceId,
    base_url: baseUrl,
    metrics_url: metrics ? `${baseUrl}/metrics` : null,
    criticality: 'medium',
  }) as RegisteredWorker;

describe('probeWorkers', () => {
  it('probes readiness and metrics only of live instances: a dead one costs one request', async () => {
    const port = (answering.address() as AddressInfo).port;
    const results = await probeWorkers(
      [
        worker('up', `http://127.0.0.1:${port}/up`, true),
        worker('down', `http://127.0.0.1:${port}/down`, true),
      ],
      { concurrency: 4, timeoutMs: 1_000, maxMetricsBytes: 1024 },
    );
    expect(
      results.map((r) => [r.worker.instance_id, r.outcome?.liveness.ok, r.outcome?.readiness.ok]),
    ).toEqual([
      ['up', true, true],
      ['down', false, false],
    ]);
    expect(hits['/up/readyz']).toBe(1);
    expect(hits['/up/metrics']).toBe(1);
    expect(hits['/down/healthz']).toBe(1);
    expect(hits['/down/readyz']).toBeUndefined();
    expect(hits['/down/metrics']).toBeUndefined();
  });

  it('starts no probe after the deadline, so hanging instances cannot stretch the round', async () => {
    const hangPort = (hanging.address() as AddressInfo).port;
    const okPort = (answering.address() as AddressInfo).port;
    // The instance checked longest ago comes first (the caller orders them); 40 hang after it.
    const workers = [
      worker('first', `http://127.0.0.1:${okPort}/first`),
      ...Array.from({ length: 40 }, (_, index) => worker(`hang-${index}`, `http://127.0.0.1:${hangPort}`)),
    ];
    const started = performance.now();
    const results = await probeWorkers(workers, {
      concurrency: 5,
      timeoutMs: 300,
      maxMetricsBytes: 1024,
      deadline: started + 500,
    });
    const elapsed = performance.now() - started;
    // Without the budget: 40 × 300 ms / 5 in flight = 2.4 s. With it: the budget plus two timeouts.
    expect(elapsed).toBeLessThan(500 + 2 * 300 + 250);
    expect(results[0]!.outcome).toMatchObject({ liveness: { ok: true }, readiness: { ok: true } });
    const probed = results.filter((r) => r.outcome !== null).length;
    const unprobed = results.filter((r) => r.outcome === null).length;
    expect(unprobed).toBeGreaterThan(0);
    expect(probed + unprobed).toBe(41);
    for (const result of results.slice(1).filter((r) => r.outcome !== null)) {
      expect(result.outcome!.liveness).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    }
  });
});
