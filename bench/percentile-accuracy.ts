/**
 * Percentile accuracy benchmark: p50, p95 and p99 as `GET /ops/workers/latency` reports them,
 * against the exact values of the same latencies, on a sample recorded from the reference fleet.
 *
 *   npm run bench:percentile-accuracy [-- --record --events 6000]
 *
 * The sample (`bench/data/fleet-latency-sample.json`: each processing attempt's worker type and
 * latency in ms, as the fleet's workers reported them) is replayed through the ingest path
 * (`storeProcessingEvents`) into one DynamoDB Local twice: once into an hour that has ended,
 * which the hour sealer then seals (the 24 h read: fixed-size dense histograms), and once into the
 * last minutes (the 1 h read: the per-minute shard histograms). Each read's p50/p95/p99 per worker
 * type is compared with the exact quantile of the sample (the value of rank ⌈q·(n−1)⌉), and the
 * relative error printed. Target: ≤ 1 % for p50 to p99.
 *
 * `--record` records a new sample first: the reference fleet runs (its own worker processes and
 * stage queues on the emulators' SQS) against a stand-in for Opsdeck's ingest API on loopback that
 * keeps what the workers report, until `--events` processing events have arrived.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchResources } from './support/bench-resources';
import { WORKER_TYPES, type WorkerType } from '../shared/platform/platform-vocabulary';
import { type ProcessingEvent } from '../shared/ingest/ingest-schemas';
import type { Principal } from '../shared/access/principal';

const { values } = parseArgs({
  options: {
    record: { type: 'boolean', default: false },
    events: { type: 'string', default: '6000' },
  },
});
const SAMPLE_FILE = path.join(import.meta.dirname, 'data', 'fleet-latency-sample.json');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const QUANTILES = [0.5, 0.95, 0.99] as const;

interface Sample {
  recorded_at: string;
  source: string;
  /** Latencies in ms per worker type, in the order they were reported. */
  latencies_ms: Record<WorkerType, number[]>;
}

async function load(): Promise<Sample> {
  return JSON.parse(await readFile(SAMPLE_FILE, 'utf8')) as Sample;
}

/** Runs the reference fleet against a loopback stand-in for the ingest API and keeps its reports. */
async function record(wanted: number): Promise<Sample> {
  const { startFleet } = await import('../infra/local/fleet/fleet');
  const latencies = Object.fromEntries(WORKER_TYPES.map((type) => [type, [] as number[]])) as Record<
    WorkerType,
    number[]
  >;
  let received = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || !request.url?.startsWith('/api/ingest/')) {
        reply(404, { title: 'Not Found' });
        return;
      }
      const items = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[] }).items;
      if (request.url === '/api/ingest/processing-events') {
        for (const item of items as ProcessingEvent[]) {
          const latency = Date.parse(item.finished_at) - Date.parse(item.started_at);
          latencies[item.worker_type].push(latency);
          received += 1;
        }
      }
      reply(200, { accepted: items.length, duplicates: 0, rejected: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fleet = await startFleet({
    apiUrl,
    ingestKey: 'recording',
    adminKey: 'recording',
    sqsEndpoint: bench.endpoints.sqs,
    tenants: ['acme', 'globex'],
    basePort: 0,
    controlPort: 0,
    exceptionsPerSecondPerTenant: 5,
    queuePrefix: 'accuracy-recording',
  });
  const started = Date.now();
  try {
    while (received < wanted) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (Date.now() - started > 10 * MINUTE) throw new Error(`only ${received} events in 10 minutes`);
    }
  } finally {
    await fleet.stop();
    await new Promise((resolve) => server.close(resolve));
  }
  const sample: Sample = {
    recorded_at: new Date().toISOString(),
    source: 'the reference fleet (infra/local/fleet), 2 tenants × 5 exceptions/s, default profiles',
    latencies_ms: latencies,
  };
  await mkdir(path.dirname(SAMPLE_FILE), { recursive: true });
  await writeFile(SAMPLE_FILE, `${JSON.stringify(sample)}\n`);
  console.log(
    `  recorded ${received} latencies in ${((Date.now() - started) / 1000).toFixed(0)} s → ${SAMPLE_FILE}`,
  );
  return sample;
}

const exactQuantile = (sorted: readonly number[], q: number) => sorted[Math.ceil(q * (sorted.length - 1))]!;

/** The sample as processing events of one tenant, finishing in [start, start + span). */
function eventsOf(sample: Sample, tenantId: string, start: number, span: number): ProcessingEvent[] {
  let sequence = 0;
  return WORKER_TYPES.flatMap((workerType) =>
    sample.latencies_ms[workerType].map((latency, index): ProcessingEvent => {
      const finished = start + Math.floor(((index + 0.5) / sample.latencies_ms[workerType].length) * span);
      sequence += 1;
      return {
        event_id: `accuracy-${tenantId}-${sequence}`,
        tenant_id: tenantId,
        worker_type: workerType,
        worker_instance: `${workerType}-${index % 3}`,
        topic: `opsdeck-fleet-${workerType}`,
        event_type: 'Processed',
        status: 'succeeded',
        started_at: new Date(finished - latency).toISOString(),
        finished_at: new Date(finished).toISOString(),
      };
    }),
  );
}

async function replayAndCompare(sample: Sample) {
  const { storeProcessingEvents } = await import('../shared/telemetry/processing-event-ingest');
  const { sealFinishedHours } = await import('../shared/telemetry/sealed-hours');
  const { getWorkerLatency } = await import('../shared/ops-workers/metrics-service');
  const now = Date.now();
  const sealedHour = Math.floor(now / HOUR) * HOUR - 3 * HOUR;
  const reads = [
    {
      name: '24h (sealed hour)',
      tenant: 'accuracy-sealed',
      range: '24h' as const,
      start: sealedHour,
      span: HOUR,
    },
    {
      name: '1h (minute shards)',
      tenant: 'accuracy-live',
      range: '1h' as const,
      start: now - 10 * MINUTE,
      span: 8 * MINUTE,
    },
  ];
  for (const read of reads) {
    const events = eventsOf(sample, read.tenant, read.start, read.span);
    for (let offset = 0; offset < events.length; offset += 500) {
      await storeProcessingEvents(events.slice(offset, offset + 500));
    }
  }
  const sealed = await sealFinishedHours({ budgetMs: 120_000 });

  const total = WORKER_TYPES.reduce((sum, type) => sum + sample.latencies_ms[type].length, 0);
  console.log(
    `percentile accuracy, ${total} latencies recorded ${sample.recorded_at} from ${sample.source}; ${sealed.sealed} hours sealed`,
  );
  console.log('  read                 worker type     events   q      exact ms   reported ms   rel. error');
  let worst = 0;
  for (const read of reads) {
    const principal: Principal = { keyId: 'bench', name: 'bench', role: 'operator', tenantId: read.tenant };
    const response = await getWorkerLatency(principal, { range: read.range });
    for (const item of response.items) {
      const latencies = [...sample.latencies_ms[item.worker_type]].sort((a, b) => a - b);
      if (latencies.length === 0) continue;
      if (item.current.events !== latencies.length) {
        throw new Error(
          `${read.name} ${item.worker_type}: ${item.current.events} events, expected ${latencies.length}`,
        );
      }
      for (const q of QUANTILES) {
        const exact = exactQuantile(latencies, q);
        const reported = item.current[`p${Math.round(q * 100)}_ms` as 'p50_ms' | 'p95_ms' | 'p99_ms']!;
        const error = exact === 0 ? Math.abs(reported) : Math.abs(reported - exact) / exact;
        worst = Math.max(worst, error);
        console.log(
          `  ${read.name.padEnd(20)} ${item.worker_type.padEnd(12)} ${String(latencies.length).padStart(9)}   p${String(Math.round(q * 100)).padEnd(3)} ${exact.toFixed(1).padStart(10)} ${reported.toFixed(2).padStart(13)} ${(error * 100).toFixed(3).padStart(11)} %`,
        );
      }
    }
  }
  console.log(
    `  largest relative error, p50–p99: ${(worst * 100).toFixed(3)} % (target ≤ 1 %: ${worst <= 0.01 ? 'met' : 'MISSED'})`,
  );
}

const bench = await startBenchResources('accuracy');
try {
  const sample = values.record ? await record(Number(values.events)) : await load();
  await replayAndCompare(sample);
} finally {
  await bench.stop();
}
