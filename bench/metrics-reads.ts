/**
 * Metrics read benchmark: the 24 h and 7 d reads of `GET /ops/workers/latency` and
 * `/throughput` (every worker type of a tenant) as the ingested processing events grow from
 * 10 k to 1 M, on one DynamoDB Local started by this run.
 *
 *   npm run bench:metrics-reads [-- --levels 10000,100000,1000000 --repeat 5 --via ingest]
 *
 * Each level is a tenant of its own holding that many events, spread over the same 7 days (every
 * hour of every worker type gets some, the running hour included), so only their density differs.
 * Then the hour sealer runs until its work list is empty, as its 5-minute schedule would have, and
 * the reads are measured in rounds that visit every level in turn (so drift of the machine or the
 * emulator falls on all levels alike, each round starting at another level). For each level it prints the median response time, the read
 * units (ConsumedCapacity TOTAL of every Query and BatchGetItem the read makes) and the items read,
 * and the ratio to the smallest level (the baseline). Target: ≤ 1.2. The "shards" rows read the
 * same windows the way the reads worked before sealed hours (every shard's hourly item, sparse
 * histograms), for comparison.
 *
 * By default each level's events are folded into the hourly aggregates with the ingest path's own
 * aggregation and update expressions (`aggregateEvents`, `aggregateWrite`) and their hours marked
 * (`markHoursWritten`) — the same hourly items the ingest API writes, without the per-event
 * idempotency markers and the per-minute items that the 24 h and 7 d reads never touch, so 1 M
 * events load in minutes. `--via ingest` stores them through `storeProcessingEvents` instead
 * (about 70 s per 10 k events on a 2-core machine).
 */
import { startBenchResources } from './support/bench-resources';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { WORKER_TYPES } from '../shared/platform/platform-vocabulary';
import { type ProcessingEvent } from '../shared/ingest/ingest-schemas';
import type { Principal } from '../shared/access/principal';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '10000,100000,1000000' },
    repeat: { type: 'string', default: '5' },
    via: { type: 'string', default: 'aggregates' },
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
function hourOfEvents(
  tenantId: string,
  workerType: (typeof WORKER_TYPES)[number],
  hourStart: number,
  count: number,
) {
  const span = Math.min(HOUR_MS, now - hourStart - 1000);
  return Array.from({ length: count }, (_, index): ProcessingEvent => {
    const finished = hourStart + Math.floor(Math.random() * span);
    sequence += 1;
    return {
      event_id: `bench-${sequence}`,
      tenant_id: tenantId,
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
  const { storeProcessingEvents } = await import('../shared/telemetry/processing-event-ingest');
  const { getWorkerLatency, getWorkerThroughput } = await import('../shared/ops-workers/metrics-service');
  const { resolveMetricWindow } = await import('../shared/ops-workers/metrics-window');
  const { documentClient } = await import('../shared/aws/dynamodb');
  const { aggregateWrite, readAggregates } = await import('../shared/telemetry/aggregate-repository');
  const { aggregateEvents } = await import('../shared/telemetry/processing-aggregation');
  const { markHoursWritten, sealFinishedHours } = await import('../shared/telemetry/sealed-hours');
  const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');

  // Counts the read units and items of every Query and BatchGetItem the reads make.
  const meter = { capacity: 0, items: 0, requests: 0, on: false };
  documentClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const isQuery = 'KeyConditionExpression' in input && !('IndexName' in input);
      const isBatchGet = 'RequestItems' in input && !('TransactItems' in input) && meter.on;
      const metered = meter.on && (isQuery || isBatchGet);
      if (metered) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (metered) {
        const output = result.output as {
          ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
          Count?: number;
          Responses?: Record<string, unknown[]>;
        };
        const consumed = [output.ConsumedCapacity ?? []].flat();
        meter.capacity += consumed.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
        meter.items += isQuery
          ? (output.Count ?? 0)
          : Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
        meter.requests += 1;
      }
      return result;
    },
    { step: 'initialize', name: 'benchReadMeter' },
  );

  /** Adds a cell's events to the hourly aggregates as the ingest path would (see the header). */
  async function foldIntoHours(events: ProcessingEvent[]) {
    const deltas = aggregateEvents(events).filter((delta) => delta.granularity === 'hour');
    const write = pLimit(8);
    await Promise.all(
      deltas.map((delta) =>
        write(() => documentClient.send(new UpdateCommand(aggregateWrite(delta).Update!))),
      ),
    );
    await markHoursWritten(events);
  }

  const tenantOf = (level: number) => `bench-l${level}`;
  const principalOf = (level: number): Principal => ({
    keyId: 'bench',
    name: 'bench',
    role: 'operator',
    tenantId: tenantOf(level),
  });
  async function ingestLevel(level: number) {
    const cells = WORKER_TYPES.length * HOURS;
    // One lane per worker type: lanes never touch the same aggregate keys, so they do not conflict.
    const limit = pLimit(WORKER_TYPES.length);
    await Promise.all(
      WORKER_TYPES.map((workerType, typeIndex) =>
        limit(async () => {
          for (let hour = 0; hour < HOURS; hour++) {
            const cell = typeIndex * HOURS + hour;
            const count = Math.floor(((cell + 1) * level) / cells) - Math.floor((cell * level) / cells);
            const events = hourOfEvents(tenantOf(level), workerType, firstHour + hour * HOUR_MS, count);
            if (events.length === 0) continue;
            if (values.via === 'ingest') {
              for (let offset = 0; offset < events.length; offset += BATCH) {
                await storeProcessingEvents(events.slice(offset, offset + BATCH));
              }
            } else {
              await foldIntoHours(events);
            }
          }
        }),
      ),
    );
  }

  /** One measured run of a read: time, read units, items. */
  async function measureOnce(read: () => Promise<unknown>) {
    meter.capacity = 0;
    meter.items = 0;
    meter.on = true;
    const started = performance.now();
    await read();
    const ms = performance.now() - started;
    meter.on = false;
    return { ms, capacity: meter.capacity, items: meter.items };
  }

  /** The same window read from every shard's hourly items (the read path before sealed hours). */
  const fromShards = (level: number, range: '24h' | '7d') => async () => {
    const window = resolveMetricWindow({ range }, new Date());
    await Promise.all(
      WORKER_TYPES.map((workerType) =>
        readAggregates(
          { kind: 'tenant', tenantId: tenantOf(level) },
          workerType,
          'hour',
          window.bucketStarts[0]!,
          window.to.toISOString(),
        ),
      ),
    );
  };
  const reads: Record<string, (level: number) => () => Promise<unknown>> = {
    'latency 24h': (level) => () => getWorkerLatency(principalOf(level), { range: '24h' }),
    'latency 7d': (level) => () => getWorkerLatency(principalOf(level), { range: '7d' }),
    'throughput 24h': (level) => () => getWorkerThroughput(principalOf(level), { range: '24h' }),
    'throughput 7d': (level) => () => getWorkerThroughput(principalOf(level), { range: '7d' }),
    'shards 24h': (level) => fromShards(level, '24h'),
    'shards 7d': (level) => fromShards(level, '7d'),
  };
  type Row = { ms: number; capacity: number; items: number };

  for (const level of LEVELS) {
    const started = performance.now();
    await ingestLevel(level);
    const ingestSeconds = (performance.now() - started) / 1000;
    console.log(
      `  … ${level} events stored in ${ingestSeconds.toFixed(0)} s (${values.via === 'ingest' ? 'through the ingest path' : 'into the hourly aggregates'})`,
    );
  }
  // The sealer's schedule, caught up.
  const sealStarted = performance.now();
  let sealedHours = 0;
  for (;;) {
    const sealRun = await sealFinishedHours({ budgetMs: 600_000 });
    sealedHours += sealRun.sealed;
    if (!sealRun.deferred && sealRun.raced === 0) break;
  }
  console.log(
    `  … ${sealedHours} hours sealed in ${((performance.now() - sealStarted) / 1000).toFixed(0)} s`,
  );

  // Warm-up, not measured; then rounds over every read and level.
  for (const level of LEVELS) for (const read of Object.values(reads)) await read(level)();
  const samples = new Map<string, Row[]>();
  for (let round = 0; round < REPEAT; round++) {
    for (const [name, read] of Object.entries(reads)) {
      // Each round starts at another level, so no level always follows the same one.
      const order = LEVELS.map((_, index) => LEVELS[(index + round) % LEVELS.length]!);
      for (const level of order) {
        const key = `${name}|${level}`;
        samples.set(key, [...(samples.get(key) ?? []), await measureOnce(read(level))]);
      }
    }
  }
  const results = new Map<number, Record<string, Row>>(
    LEVELS.map((level) => [
      level,
      Object.fromEntries(
        Object.keys(reads).map((name) => {
          const rows = samples.get(`${name}|${level}`)!;
          const times = rows.map((row) => row.ms).sort((a, b) => a - b);
          const last = rows.at(-1)!;
          return [
            name,
            { ms: times[Math.floor(times.length / 2)]!, capacity: last.capacity, items: last.items },
          ];
        }),
      ),
    ]),
  );

  const baseline = results.get(LEVELS[0]!)!;
  console.log(
    `metrics reads, all 7 worker types of a tenant, events over the last 7 days, median of ${REPEAT} interleaved rounds, DynamoDB Local`,
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
  for (const name of Object.keys(reads).filter((read) => !read.startsWith('shards'))) {
    const timeRatio = last[name]!.ms / baseline[name]!.ms;
    const unitRatio = last[name]!.capacity / baseline[name]!.capacity;
    console.log(
      `  ${name}: ${LEVELS.at(-1)} / ${LEVELS[0]} events → time ×${timeRatio.toFixed(2)}, read units ×${unitRatio.toFixed(2)} (target ≤ 1.2: ${timeRatio <= 1.2 && unitRatio <= 1.2 ? 'met' : 'MISSED'})`,
    );
  }
} finally {
  await bench.stop();
}
