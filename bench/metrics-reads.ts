/**
 * Metrics read benchmark: the 24 h and 7 d reads of `GET /ops/workers/latency` and
 * `/throughput` (every worker type, platform-wide) as the ingested processing events grow from
 * 10 k to 1 M, on one DynamoDB Local started by this run.
 *
 *   npm run bench:metrics-reads [-- --levels 10000,100000,1000000 --repeat 5]
 *
 * The events are spread over the same 7 days at every level (every hour of every worker type
 * gets some), so only their density grows. For each level it prints the median response time,
 * the read units (ConsumedCapacity TOTAL, summed over the read's queries) and the items read,
 * and the ratio to the first level measured in this run (the baseline). Target: ≤ 1.2.
 *
 * The items read stay constant (they are the window's buckets × shards × worker types); what can
 * grow is each item's size, because a bucket's latency histogram holds one attribute per distinct
 * 1%-wide latency bucket seen, until the latency distribution is covered. The last column shows it.
 */
import { startBenchResources } from './support/bench-resources';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { WORKER_TYPES, type ProcessingEvent } from '../shared/ingest/ingest-schemas';
import type { Principal } from '../shared/identity/principal';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '10000,100000,1000000' },
    repeat: { type: 'string', default: '5' },
  },
});
const LEVELS = values.levels.split(',').map(Number);
const REPEAT = Number(values.repeat);
const HOURS = 7 * 24;
const BATCH = 500;
const HOUR_MS = 3_600_000;

const now = Date.now();
const firstHour = Math.floor(now / HOUR_MS) * HOUR_MS - (HOURS - 1) * HOUR_MS;
let sequence = 0;

/** A log-normal latency around 60 ms (σ 0.6), as the reference fleet's stages produce. */
function latencyMs(): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(1, Math.round(60 * Math.exp(0.6 * normal)));
}

/** `count` events of one worker type within one hour, as its instances' flushes would bring them. */
function hourOfEvents(workerType: (typeof WORKER_TYPES)[number], hourStart: number, count: number) {
  const span = Math.min(HOUR_MS, now - hourStart - 1000);
  return Array.from({ length: count }, (_, index): ProcessingEvent => {
    const finished = hourStart + Math.floor(Math.random() * span);
    sequence += 1;
    return {
      event_id: `bench-${sequence}`,
      tenant_id: index % 2 ? 'bench-acme' : 'bench-globex',
      worker_type: workerType,
      worker_instance: `${workerType}-${index % 4}`,
      topic: `opsdeck-fleet-${workerType}`,
      event_type: 'Processed',
      status: Math.random() < 0.02 ? 'failed' : 'succeeded',
      started_at: new Date(finished - latencyMs()).toISOString(),
      finished_at: new Date(finished).toISOString(),
    };
  });
}

const bench = await startBenchResources('metrics');
try {
  const { storeProcessingEvents } = await import('../shared/ingest/processing-event-ingest');
  const { getWorkerLatency, getWorkerThroughput } = await import('../shared/metrics/metrics-service');
  const { documentClient } = await import('../shared/aws/dynamodb');

  // Counts the read units and items of every Query the reads make (the bench's only view into them).
  const meter = { capacity: 0, items: 0, queries: 0 };
  documentClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const isQuery = 'KeyConditionExpression' in input;
      if (isQuery) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (isQuery) {
        const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number }; Count?: number };
        meter.capacity += output.ConsumedCapacity?.CapacityUnits ?? 0;
        meter.items += output.Count ?? 0;
        meter.queries += 1;
      }
      return result;
    },
    { step: 'initialize', name: 'benchReadMeter' },
  );

  const principal: Principal = { keyId: 'bench', name: 'bench', role: 'super_admin', tenantId: null };
  let ingested = 0;
  async function ingestUpTo(target: number) {
    const add = target - ingested;
    const cells = WORKER_TYPES.length * HOURS;
    // One lane per worker type: lanes never touch the same aggregate keys, so they do not conflict.
    const limit = pLimit(WORKER_TYPES.length);
    await Promise.all(
      WORKER_TYPES.map((workerType, typeIndex) =>
        limit(async () => {
          for (let hour = 0; hour < HOURS; hour++) {
            const cell = typeIndex * HOURS + hour;
            const count = Math.floor(((cell + 1) * add) / cells) - Math.floor((cell * add) / cells);
            const events = hourOfEvents(workerType, firstHour + hour * HOUR_MS, count);
            for (let offset = 0; offset < events.length; offset += BATCH) {
              await storeProcessingEvents(events.slice(offset, offset + BATCH));
            }
          }
        }),
      ),
    );
    ingested = target;
  }

  async function measure(read: () => Promise<unknown>) {
    const times: number[] = [];
    let capacity = 0;
    let items = 0;
    for (let run = 0; run < REPEAT; run++) {
      meter.capacity = 0;
      meter.items = 0;
      const started = performance.now();
      await read();
      times.push(performance.now() - started);
      capacity = meter.capacity;
      items = meter.items;
    }
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)]!, capacity, items };
  }

  const reads = {
    'latency 24h': () => getWorkerLatency(principal, { range: '24h' }),
    'latency 7d': () => getWorkerLatency(principal, { range: '7d' }),
    'throughput 24h': () => getWorkerThroughput(principal, { range: '24h' }),
    'throughput 7d': () => getWorkerThroughput(principal, { range: '7d' }),
  };
  type Row = { ms: number; capacity: number; items: number };
  const results = new Map<number, Record<string, Row>>();
  for (const level of LEVELS) {
    const started = performance.now();
    await ingestUpTo(level);
    const ingestSeconds = (performance.now() - started) / 1000;
    // Warm-up read, not measured.
    await reads['latency 7d']();
    const row: Record<string, Row> = {};
    for (const [name, read] of Object.entries(reads)) row[name] = await measure(read);
    results.set(level, row);
    console.log(`  … ${level} events stored (${ingestSeconds.toFixed(0)} s to ingest the increment)`);
  }

  const baseline = results.get(LEVELS[0]!)!;
  console.log(
    `metrics reads, all 7 worker types platform-wide, events over the last 7 days, median of ${REPEAT}, DynamoDB Local`,
  );
  console.log(
    '  read            events     time ms   ×base   read units   ×base   items read   units/100 items',
  );
  for (const name of Object.keys(reads)) {
    for (const level of LEVELS) {
      const row = results.get(level)![name]!;
      const base = baseline[name]!;
      console.log(
        `  ${name.padEnd(15)} ${String(level).padStart(8)} ${row.ms.toFixed(1).padStart(10)} ${(row.ms / base.ms).toFixed(2).padStart(7)} ${row.capacity.toFixed(1).padStart(12)} ${(row.capacity / base.capacity).toFixed(2).padStart(7)} ${String(row.items).padStart(12)} ${((row.capacity / Math.max(1, row.items)) * 100).toFixed(2).padStart(17)}`,
      );
    }
  }
  const last = results.get(LEVELS.at(-1)!)!;
  for (const name of Object.keys(reads)) {
    const timeRatio = last[name]!.ms / baseline[name]!.ms;
    const unitRatio = last[name]!.capacity / baseline[name]!.capacity;
    console.log(
      `  ${name}: ${LEVELS.at(-1)} / ${LEVELS[0]} events → time ×${timeRatio.toFixed(2)}, read units ×${unitRatio.toFixed(2)} (target ≤ 1.2: ${timeRatio <= 1.2 && unitRatio <= 1.2 ? 'met' : 'MISSED'})`,
    );
  }
} finally {
  await bench.stop();
}
