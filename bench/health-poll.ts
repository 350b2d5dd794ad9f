/**
 * Health poll benchmark: one probe round over 1,000 registered instances (/healthz, /readyz and
 * /metrics each), served by one in-process HTTP server (on a worker thread) that answers every instance under its own
 * path prefix after a simulated 20 ms of work, against DynamoDB Local started by this run.
 *
 *   npm run bench:health-poll [-- --instances 1000 --delay-ms 20]
 *
 * Prints the round's duration and the most requests the server saw in flight at once, for the
 * probe round alone and for the whole refresh (registry read, probes, snapshot write), and the
 * baseline of the same run: probing with one request in flight (on a tenth of the instances,
 * scaled up), so the ratio shows what the bounded concurrency buys. Then every instance hangs, and
 * it prints each round's duration (bounded by the round budget) until every instance was reached.
 */
import { startBenchResources } from './support/bench-resources';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { WORKER_TYPES } from '../shared/platform/platform-vocabulary';
import type { RegisteredWorker } from '../shared/registry/worker-schemas';

const { values } = parseArgs({
  options: { instances: { type: 'string', default: '1000' }, 'delay-ms': { type: 'string', default: '20' } },
});
const INSTANCES = Number(values.instances);
const DELAY_MS = Number(values['delay-ms']);

// The fleet stand-in runs on its own thread, so that its work does not compete with the poller's
// event loop (on AWS the workers are other machines).
const fleetThread = new Worker(
  `
  const http = require('node:http');
  const { parentPort, workerData } = require('node:worker_threads');
  let inFlight = 0, maxInFlight = 0, requests = 0, hang = false;
  const server = http.createServer((request, response) => {
    inFlight += 1; requests += 1; maxInFlight = Math.max(maxInFlight, inFlight);
    if (hang) { request.on('close', () => { inFlight -= 1; }); return; }
    setTimeout(() => {
      inFlight -= 1;
      const match = /^\\/i\\/(\\d+)\\//.exec(request.url || '');
      const instance = match ? Number(match[1]) : -1;
      if ((request.url || '').endsWith('/metrics')) {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end('worker_queue_lag_messages{queue="q' + (instance % 7) + '"} ' + (instance % 13) + '\\n');
      } else {
        // Every 50th instance is down, so failures take their usual path too.
        response.writeHead(instance % 50 === 0 ? 503 : 200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
      }
    }, workerData.delayMs);
  });
  server.keepAliveTimeout = 10000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', (message) => {
    if (message === 'reset') { inFlight = 0; maxInFlight = 0; requests = 0; parentPort.postMessage({ reset: true }); }
    if (message === 'stats') parentPort.postMessage({ maxInFlight, requests });
    if (message === 'hang') { hang = true; parentPort.postMessage({ hang: true }); }
    if (message === 'stop') { server.closeAllConnections(); server.close(() => process.exit(0)); }
  });
  `,
  { eval: true, workerData: { delayMs: DELAY_MS } },
);
const ask = <T>(message: string) =>
  new Promise<T>((resolve) => {
    fleetThread.once('message', resolve);
    fleetThread.postMessage(message);
  });
const { port } = await new Promise<{ port: number }>((resolve) => fleetThread.once('message', resolve));

const workers: RegisteredWorker[] = Array.from({ length: INSTANCES }, (_, index) => {
  const workerType = WORKER_TYPES[index % WORKER_TYPES.length]!;
  return {
    worker_type: workerType,
    instance_id: `${workerType}-${index}`,
    base_url: `http://127.0.0.1:${port}/i/${index}`,
    metrics_url: `http://127.0.0.1:${port}/i/${index}/metrics`,
    criticality: index % 3 === 0 ? 'high' : 'medium',
    source: 'heartbeat',
    last_heartbeat_at: new Date().toISOString(),
    expires_at: null,
    updated_at: new Date().toISOString(),
  };
});

const bench = await startBenchResources('health');
try {
  const { probeWorkers } = await import('../shared/ops-workers/health-prober');
  const { healthSettings } = await import('../shared/ops-workers/health-settings');
  const { refreshWorkerHealth } = await import('../shared/ops-workers/health-service');
  const { readHealthSnapshot } = await import('../shared/ops-workers/health-repository');
  const { putHeartbeatRegistrations } = await import('../shared/registry/worker-repository');

  const measure = async <T>(run: () => Promise<T>) => {
    await ask('reset');
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    const stats = await ask<{ maxInFlight: number; requests: number }>('stats');
    return { result, ms, ...stats };
  };
  const options = { ...healthSettings };

  // Warm-up (JIT, sockets), not measured.
  await probeWorkers(workers.slice(0, 50), options);

  const baselineSample = workers.slice(0, Math.max(1, Math.round(INSTANCES / 10)));
  const baseline = await measure(() => probeWorkers(baselineSample, { ...options, concurrency: 1 }));
  const baselineMs = (baseline.ms * INSTANCES) / baselineSample.length;

  const probes = await measure(() => probeWorkers(workers, options));

  const now = new Date();
  await putHeartbeatRegistrations(
    workers.map((worker) => ({
      worker_type: worker.worker_type,
      instance_id: worker.instance_id,
      base_url: worker.base_url,
      metrics_url: worker.metrics_url,
      criticality: worker.criticality,
      last_heartbeat_at: now.toISOString(),
      expires_at: Math.floor(now.getTime() / 1000) + 3600,
    })),
  );
  const refresh = await measure(() => refreshWorkerHealth({ now }));
  const snapshot = await readHealthSnapshot();

  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
  console.log(
    `health poll, ${INSTANCES} instances × (/healthz, /readyz, /metrics), ${DELAY_MS} ms per answer, concurrency ${options.concurrency}, timeout ${options.timeoutMs} ms`,
  );
  console.log(
    `  baseline: 1 in flight (${baselineSample.length} instances, scaled ×${(INSTANCES / baselineSample.length).toFixed(0)}) ${seconds(baselineMs)}`,
  );
  console.log(
    `  probe round                          ${seconds(probes.ms)}   max in flight ${probes.maxInFlight}, requests ${probes.requests}`,
  );
  console.log(
    `  full refresh (registry, probes, snapshot write) ${seconds(refresh.ms)}   max in flight ${refresh.maxInFlight}, rows stored ${snapshot.instances.length}, statuses ${JSON.stringify(snapshot.header?.counts)}`,
  );
  console.log(`  ratio baseline / full refresh        ${(baselineMs / refresh.ms).toFixed(1)}×`);
  console.log(
    `  target: full refresh ≤ 5 s: ${refresh.ms <= 5000 ? 'met' : 'MISSED'}; ≤ 50 in flight: ${refresh.maxInFlight <= 50 && probes.maxInFlight <= 50 ? 'met' : 'MISSED'}`,
  );

  // The worst case: every instance accepts the connection and never answers. Without the round
  // budget a round would take instances × timeout / concurrency; with it, the budget plus two
  // timeouts, and the next rounds continue with the instances not reached.
  await ask('hang');
  const unboundedMs = (INSTANCES * options.timeoutMs) / options.concurrency;
  console.log(
    `all ${INSTANCES} instances hanging (round budget ${options.roundBudgetMs} ms; unbounded, a round would take ${seconds(unboundedMs)})`,
  );
  let reached = 0;
  for (let round = 1; reached < INSTANCES && round <= 10; round++) {
    const hung = await measure(() => refreshWorkerHealth({ now: new Date() }));
    reached += hung.result.instances - hung.result.unprobed;
    console.log(
      `  round ${round}: ${seconds(hung.ms)}   probed ${hung.result.instances - hung.result.unprobed}, not reached ${hung.result.unprobed}, max in flight ${hung.maxInFlight}; instances reached so far ${Math.min(reached, INSTANCES)}`,
    );
  }
} finally {
  fleetThread.postMessage('stop');
  await bench.stop();
}
