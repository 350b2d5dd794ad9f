import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as SealedHours from '../../shared/telemetry/sealed-hours';
import { DENSE_BYTES } from '../../shared/telemetry/dense-histogram';
import { api, createKey, createTenant, dynamo, stack, useStackInThisProcess } from './support/api';

/**
 * The hour sealer, run in this process against the stack's DynamoDB (as its schedule runs it):
 * finished hours get fixed-size merged copies, reads give the same figures before and after, and a
 * late event (after the seal, or between the sealer's read and its write) is never hidden.
 */

const HOUR = 3_600_000;
const run = randomBytes(3).toString('hex');
let sequence = 0;
let sealed: typeof SealedHours;

function events(tenantId: string, hourStart: number, latencies: number[], status = 'succeeded') {
  return latencies.map((latency, index) => {
    const finished = hourStart + 60_000 + index * 1000;
    sequence += 1;
    return {
      event_id: `seal-${run}-${sequence}`,
      tenant_id: tenantId,
      worker_type: 'playbook',
      worker_instance: `playbook-${index % 4}`,
      topic: 'opsdeck-fleet-playbook',
      event_type: 'PlaybookExecuted',
      status: index % 10 === 0 ? 'failed' : status,
      started_at: new Date(finished - latency).toISOString(),
      finished_at: new Date(finished).toISOString(),
    };
  });
}

const hourStartOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe('sealed hours', () => {
  let tenant: string;
  let operator: string;
  let ingestKey: string;
  const now = Date.now();
  const threeHoursAgo = hourStartOf(now) - 3 * HOUR;
  const yesterday = hourStartOf(now) - 30 * HOUR;
  const running = hourStartOf(now);

  async function ingest(items: unknown[]) {
    const response = await api('POST', '/ingest/processing-events', { key: ingestKey, body: { items } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  /** The playbook figures of a metric read, without the parts that move with the clock. */
  async function figures(metric: string, range: string) {
    const response = await api('GET', `/ops/workers/${metric}?range=${range}&worker_type=playbook`, {
      key: operator,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [item] = response.body.items;
    return {
      current: metric === 'throughput' ? item.current.events : item.current,
      series: item.series
        .filter((point: { events: number }) => point.events > 0)
        .map((point: Record<string, unknown>) => ({ ...point, events_per_second: undefined })),
    };
  }

  async function allFigures() {
    const result: Record<string, unknown> = {};
    for (const metric of ['throughput', 'latency', 'errors']) {
      for (const range of ['24h', '7d']) result[`${metric} ${range}`] = await figures(metric, range);
    }
    return result;
  }

  const hourItem = async (kind: 'AGGH' | 'AGGHL', hourStart: number) =>
    (
      await dynamo.send(
        new GetCommand({
          TableName: stack.tables.telemetry,
          Key: { pk: `TENANT#${tenant}#${kind}#playbook`, sk: `H#${iso(hourStart)}` },
        }),
      )
    ).Item;

  beforeAll(async () => {
    useStackInThisProcess();
    sealed = await import('../../shared/telemetry/sealed-hours');
    tenant = await createTenant();
    operator = await createKey(tenant, 'operator');
    ingestKey = await createKey('platform', 'ingest');
    await ingest([
      ...events(tenant, threeHoursAgo, [5, 40, 41, 90, 120, 400, 2500, 7_200_000]),
      ...events(tenant, yesterday, [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]),
      ...events(tenant, running, [33]),
    ]);
  });

  it('seals finished hours into fixed-size copies and reads the same figures from them', async () => {
    const before = await allFigures();
    expect((before['throughput 7d'] as { current: number }).current).toBe(20);

    const outcome = await sealed.sealFinishedHours();
    expect(outcome.sealed).toBeGreaterThanOrEqual(2);
    for (const hourStart of [threeHoursAgo, yesterday]) {
      const counts = await hourItem('AGGH', hourStart);
      expect(counts).toMatchObject({ sealed_dirty: counts!.dirty });
      expect(counts!.gsi1pk).toBeUndefined();
      const latency = await hourItem('AGGHL', hourStart);
      expect((latency!.hd as Uint8Array).byteLength).toBe(DENSE_BYTES);
    }
    // The 2-hour latency lies beyond the dense span (100 s) and is kept exactly beside it.
    expect(Object.keys((await hourItem('AGGHL', threeHoursAgo))!.hx)).toHaveLength(1);
    // The running hour stays on the work list.
    expect((await hourItem('AGGH', running))!.sealed_dirty).toBeUndefined();

    expect(await allFigures()).toEqual(before);
  });

  it('never hides an event that arrives after its hour was sealed', async () => {
    await sealed.sealFinishedHours();
    const before = (await figures('throughput', '24h')).current as number;
    await ingest(events(tenant, threeHoursAgo, [77, 78]));
    // The copy is stale now: the read takes that hour from the shards.
    const stale = await hourItem('AGGH', threeHoursAgo);
    expect(stale!.dirty).toBeGreaterThan(stale!.sealed_dirty);
    expect((await figures('throughput', '24h')).current).toBe(before + 2);
    const unsealedReading = await allFigures();

    await sealed.sealFinishedHours();
    const resealed = await hourItem('AGGH', threeHoursAgo);
    expect(resealed!.sealed_dirty).toBe(resealed!.dirty);
    expect(resealed!.n).toBe(10);
    expect(await allFigures()).toEqual(unsealedReading);
  });

  it('does not write a copy when an event lands between the sealer reading the shards and writing', async () => {
    const hourStart = hourStartOf(now) - 5 * HOUR;
    await ingest(events(tenant, hourStart, [10, 20]));
    const pk = `TENANT#${tenant}#AGGH#playbook`;
    const sk = `H#${iso(hourStart)}`;
    const outcome = await sealed.sealHour(pk, sk, {
      afterRead: () => ingest(events(tenant, hourStart, [30])),
    });
    expect(outcome).toBe('raced');
    expect((await hourItem('AGGH', hourStart))!.sealed_dirty).toBeUndefined();
    expect(await sealed.sealHour(pk, sk)).toBe('sealed');
    expect((await hourItem('AGGH', hourStart))!.n).toBe(3);
    expect(await sealed.sealHour(pk, sk)).toBe('current');
  });

  it('keeps the platform-wide hours too', async () => {
    await sealed.sealFinishedHours();
    const platform = await dynamo.send(
      new GetCommand({
        TableName: stack.tables.telemetry,
        Key: { pk: 'PLATFORM#AGGH#playbook', sk: `H#${iso(yesterday)}` },
      }),
    );
    expect(platform.Item!.sealed_dirty).toBe(platform.Item!.dirty);
    expect(platform.Item!.n).toBeGreaterThanOrEqual(11);
  });

  it('marks, once, the hours stored before hours were marked, so none reads as empty', async () => {
    const legacyTenant = await createTenant();
    const legacyOperator = await createKey(legacyTenant, 'operator');
    const hourStart = hourStartOf(now) - 7 * HOUR;
    // An hourly shard item as ingest wrote it before sealed hours existed: no hour-counts item.
    await dynamo.send(
      new PutCommand({
        TableName: stack.tables.telemetry,
        Item: {
          pk: `TENANT#${legacyTenant}#AGG#tool#2`,
          sk: `H#${iso(hourStart)}`,
          worker_type: 'tool',
          n: 4,
          f: 1,
          r: 0,
          ls: 400,
          h_230: 4,
        },
      }),
    );
    await dynamo.send(
      new DeleteCommand({ TableName: stack.tables.telemetry, Key: { pk: 'AGGSEAL#MIGRATION', sk: 'V1' } }),
    );
    const errors = async () =>
      (await api('GET', '/ops/workers/errors?range=24h&worker_type=tool', { key: legacyOperator })).body
        .items[0].current;
    expect((await errors()).events).toBe(0);

    // A run that is out of time keeps its place; the next one finishes.
    expect(await sealed.markUnmarkedHours(Date.now() - 1)).toEqual({ marked: 0, done: false });
    const migration = await sealed.markUnmarkedHours(Date.now() + 60_000);
    expect(migration.done).toBe(true);
    expect(migration.marked).toBeGreaterThanOrEqual(1);
    expect(await errors()).toMatchObject({ events: 4, failures: 1 });
    await sealed.sealFinishedHours();
    expect(await errors()).toMatchObject({ events: 4, failures: 1 });
    expect(await sealed.markUnmarkedHours(Date.now() + 60_000)).toEqual({ marked: 0, done: true });
  });
});
