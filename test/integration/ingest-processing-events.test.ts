import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, dynamo, expectProblem, stack } from './support/api';

const minute = '2026-11-28T10:15';

function event(tenantId: string, overrides: Record<string, unknown> = {}) {
  const id = randomBytes(6).toString('hex');
  return {
    event_id: `evt-${id}`,
    tenant_id: tenantId,
    worker_type: 'triage',
    worker_instance: 'triage-1',
    topic: 'opsdeck-fleet-triage',
    event_type: 'ExceptionTriaged',
    status: 'succeeded',
    started_at: `${minute}:10.000Z`,
    finished_at: `${minute}:10.120Z`,
    ...overrides,
  };
}

/** Sums the tenant's minute aggregate of a worker type over every shard, straight from the table. */
async function minuteAggregate(tenantId: string, workerType: string) {
  const totals = { n: 0, f: 0, r: 0, ls: 0, buckets: 0 };
  for (let shard = 0; shard < 4; shard++) {
    const { Items } = await dynamo.send(
      new QueryCommand({
        TableName: stack.tables.telemetry,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: {
          ':pk': `TENANT#${tenantId}#AGG#${workerType}#${shard}`,
          ':sk': `M#${minute}:00.000Z`,
        },
      }),
    );
    for (const item of Items ?? []) {
      totals.n += item.n;
      totals.f += item.f;
      totals.r += item.r;
      totals.ls += item.ls;
      totals.buckets += Object.keys(item).filter((name) => name.startsWith('h_')).length;
    }
  }
  return totals;
}

describe('POST /api/ingest/processing-events', () => {
  let tenant: string;
  let otherTenant: string;
  let ingestKey: string;
  let tenantAdmin: string;

  beforeAll(async () => {
    tenant = await createTenant();
    otherTenant = await createTenant();
    ingestKey = await createKey('platform', 'ingest');
    tenantAdmin = await createKey(tenant, 'admin');
  });

  it('aggregates a batch and changes nothing when the same batch is sent again', async () => {
    const batch = [
      event(tenant, { worker_instance: 'triage-1' }),
      event(tenant, { worker_instance: 'triage-2', status: 'failed', error: 'timeout' }),
      event(tenant, { worker_instance: 'triage-3', status: 'retried', finished_at: `${minute}:11.500Z` }),
    ];
    const first = await api('POST', '/ingest/processing-events', { key: ingestKey, body: { items: batch } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const after = await minuteAggregate(tenant, 'triage');
    expect(after).toMatchObject({ n: 3, f: 1, r: 1, ls: 120 + 120 + 1500 });

    for (let repeat = 0; repeat < 2; repeat++) {
      const again = await api('POST', '/ingest/processing-events', {
        key: ingestKey,
        body: { items: batch },
      });
      expect(again.body).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    }
    expect(await minuteAggregate(tenant, 'triage')).toEqual(after);
  });

  it('counts a repeated item within one batch once', async () => {
    const item = event(tenant, { worker_type: 'tool', worker_instance: 'tool-1' });
    const response = await api('POST', '/ingest/processing-events', {
      key: ingestKey,
      body: { items: [item, item] },
    });
    expect(response.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await minuteAggregate(tenant, 'tool')).n).toBe(1);
  });

  it('applies the valid items and rejects the rest with their index (207)', async () => {
    const items = [
      event(tenant, { worker_type: 'policy' }),
      event(tenant, { worker_type: 'no-such-worker' }),
      event(tenant, { worker_type: 'policy', finished_at: `${minute}:00.000Z` }),
      event('no-such-tenant', { worker_type: 'policy' }),
      { ...event(tenant, { worker_type: 'policy' }), surprise: 1 },
      'not an object',
    ];
    const response = await api('POST', '/ingest/processing-events', { key: ingestKey, body: { items } });
    expect(response.status).toBe(207);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(response.body.rejected[0].type).toMatch(/validation-error$/);
    expect(response.body.rejected[1].detail).toMatch(/finished_at/);
    expect(response.body.rejected[2].type).toMatch(/not-found$/);
    expect((await minuteAggregate(tenant, 'policy')).n).toBe(1);
  });

  it('refuses malformed envelopes: empty, oversized, wrong shape', async () => {
    expectProblem(
      await api('POST', '/ingest/processing-events', { key: ingestKey, body: { items: [] } }),
      400,
    );
    expectProblem(
      await api('POST', '/ingest/processing-events', { key: ingestKey, body: { events: [] } }),
      400,
    );
    const tooMany = Array.from({ length: 501 }, () => event(tenant));
    expectProblem(
      await api('POST', '/ingest/processing-events', { key: ingestKey, body: { items: tooMany } }),
      400,
    );
  });

  it("never lets a tenant admin write another tenant's data", async () => {
    const own = event(tenant, { worker_type: 'feedback' });
    const foreign = event(otherTenant, { worker_type: 'feedback' });
    const response = await api('POST', '/ingest/processing-events', {
      key: tenantAdmin,
      body: { items: [own, foreign] },
    });
    expect(response.status).toBe(207);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected).toEqual([
      expect.objectContaining({ index: 1, type: expect.stringMatching(/not-found$/) }),
    ]);
    expect((await minuteAggregate(otherTenant, 'feedback')).n).toBe(0);
  });

  it('needs the ingest role or an admin', async () => {
    const body = { items: [event(tenant)] };
    expectProblem(
      await api('POST', '/ingest/processing-events', { key: await createKey(tenant, 'operator'), body }),
      403,
    );
    expectProblem(
      await api('POST', '/ingest/processing-events', { key: await createKey('platform', 'viewer'), body }),
      403,
    );
    expectProblem(await api('POST', '/ingest/processing-events', { key: null, body }), 401);
  });

  it('keeps aggregates exact under concurrent batches for the same worker type', async () => {
    const batches = Array.from({ length: 4 }, (_, index) =>
      Array.from({ length: 60 }, () =>
        event(tenant, { worker_type: 'intake', worker_instance: `intake-${index}` }),
      ),
    );
    const responses = await Promise.all(
      batches.map((items) => api('POST', '/ingest/processing-events', { key: ingestKey, body: { items } })),
    );
    expect(responses.map((r) => r.body.accepted)).toEqual([60, 60, 60, 60]);
    expect((await minuteAggregate(tenant, 'intake')).n).toBe(240);
  });
});
