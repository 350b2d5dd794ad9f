import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminKey,
  api,
  createKey,
  createTenant,
  dynamo,
  expectProblem,
  stack,
  uniqueTenantId,
  useStackInThisProcess,
} from './support/api';

/** `listRegisteredWorkers` runs in this process against the stack's DynamoDB Local, as the poller will. */
async function importWorkerService() {
  useStackInThisProcess();
  return import('../../shared/registry/worker-service');
}

const run = randomBytes(3).toString('hex');
const instance = (name: string) => `it-${run}-${name}`;
const declaration = {
  base_url: 'http://127.0.0.1:9002',
  metrics_url: 'http://127.0.0.1:9002/metrics',
  criticality: 'high',
};

async function platformAudit(resourceId: string): Promise<any[]> {
  const audit = await api('GET', '/admin/audit?limit=200');
  return audit.body.items.filter(
    (record: any) => record.resource.type === 'worker' && record.resource.id === resourceId,
  );
}

/** Every worker the list shows, page by page. */
async function listAll(key: string, limit: number): Promise<any[]> {
  const workers: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const response: any = await api(
      'GET',
      `/admin/workers?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { key },
    );
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    workers.push(...response.body.items);
    cursor = response.body.next_cursor;
    if (!cursor) return workers;
  }
  throw new Error('the listing did not end');
}

describe('worker registry', () => {
  let platformAdmin: string;
  let platformViewer: string;
  let tenantAdmin: string;
  let ingestKey: string;

  beforeAll(async () => {
    const tenantId = await createTenant(uniqueTenantId('wrk'));
    [platformAdmin, platformViewer, tenantAdmin, ingestKey] = await Promise.all([
      createKey('platform', 'admin'),
      createKey('platform', 'viewer'),
      createKey(tenantId, 'admin'),
      createKey('platform', 'ingest'),
    ]);
  });

  it('declares a worker, reads it back and replaces the declaration', async () => {
    const id = instance('triage');
    const created = await api('PUT', `/admin/workers/triage/${id}`, {
      key: platformAdmin,
      body: declaration,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/admin/workers/triage/${id}`);
    expect(created.body).toMatchObject({
      worker_type: 'triage',
      instance_id: id,
      ...declaration,
      source: 'declared',
      last_heartbeat_at: null,
      expires_at: null,
    });
    const read = await api('GET', `/admin/workers/triage/${id}`, { key: platformViewer });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const same = await api('PUT', `/admin/workers/triage/${id}`, { key: platformAdmin, body: declaration });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(created.body);

    const replaced = await api('PUT', `/admin/workers/triage/${id}`, {
      key: platformAdmin,
      body: { base_url: 'https://triage.internal:8443', criticality: 'critical' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      base_url: 'https://triage.internal:8443',
      metrics_url: null,
      criticality: 'critical',
    });

    const records = await platformAudit(`triage/${id}`);
    expect(records.map((record) => record.action)).toEqual(['worker.updated', 'worker.declared']);
    expect(records[0].before).toMatchObject({ base_url: declaration.base_url });
  });

  it('rejects invalid declarations with 400 and writes nothing', async () => {
    const id = instance('invalid');
    const cases: { path: string; body?: unknown; raw?: string; slug: string }[] = [
      { path: `/admin/workers/router/${id}`, body: declaration, slug: 'validation-error' },
      { path: '/admin/workers/triage/bad%23id', body: declaration, slug: 'validation-error' },
      {
        path: `/admin/workers/triage/${id}`,
        body: { ...declaration, base_url: 'ftp://x' },
        slug: 'validation-error',
      },
      {
        path: `/admin/workers/triage/${id}`,
        body: { ...declaration, metrics_url: 'nope' },
        slug: 'validation-error',
      },
      {
        path: `/admin/workers/triage/${id}`,
        body: { base_url: declaration.base_url },
        slug: 'validation-error',
      },
      {
        path: `/admin/workers/triage/${id}`,
        body: { ...declaration, criticality: 'urgent' },
        slug: 'validation-error',
      },
      { path: `/admin/workers/triage/${id}`, body: { ...declaration, extra: 1 }, slug: 'validation-error' },
      { path: `/admin/workers/triage/${id}`, raw: '{', slug: 'malformed-json' },
    ];
    for (const testCase of cases) {
      expectProblem(
        await api('PUT', testCase.path, { key: platformAdmin, body: testCase.body, raw: testCase.raw }),
        400,
        testCase.slug,
      );
    }
    expectProblem(await api('GET', `/admin/workers/triage/${id}`, { key: platformViewer }), 404, 'not-found');
    expect(await platformAudit(`triage/${id}`)).toEqual([]);
  });

  it('is for platform principals only; writes need a platform admin; ingest keys cannot read', async () => {
    const id = instance('roles');
    for (const [method, path] of [
      ['GET', '/admin/workers'],
      ['GET', `/admin/workers/tool/${id}`],
      ['PUT', `/admin/workers/tool/${id}`],
      ['DELETE', `/admin/workers/tool/${id}`],
    ] as const) {
      const body = method === 'PUT' ? declaration : undefined;
      expectProblem(await api(method, path, { key: tenantAdmin, body }), 403, 'forbidden');
      expectProblem(await api(method, path, { key: ingestKey, body }), 403, 'forbidden');
    }
    expectProblem(
      await api('PUT', `/admin/workers/tool/${id}`, { key: platformViewer, body: declaration }),
      403,
    );
    expectProblem(await api('DELETE', `/admin/workers/tool/${id}`, { key: platformViewer }), 403);
    expectProblem(await api('GET', '/admin/workers', { key: null }), 401, 'unauthorized');
  });

  it('registers workers from heartbeats that expire after the TTL', async () => {
    const before = Date.now();
    const response = await api('POST', '/ingest/heartbeat', {
      key: ingestKey,
      body: {
        items: [
          { worker_type: 'intake', instance_id: instance('hb-1'), base_url: 'http://127.0.0.1:9001' },
          {
            worker_type: 'intake',
            instance_id: instance('hb-2'),
            base_url: 'http://127.0.0.1:9011',
            criticality: 'low',
          },
          { worker_type: 'intake', instance_id: instance('hb-1'), base_url: 'http://127.0.0.1:9021' },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accepted: 2, duplicates: 1, rejected: [] });

    const read = await api('GET', `/admin/workers/intake/${instance('hb-1')}`, { key: platformViewer });
    expect(read.body).toMatchObject({
      source: 'heartbeat',
      base_url: 'http://127.0.0.1:9021',
      criticality: 'medium',
      metrics_url: null,
    });
    // The default TTL is 60 seconds, set both in the API and in the TTL attribute DynamoDB deletes by.
    const lastHeartbeat = Date.parse(read.body.last_heartbeat_at);
    expect(lastHeartbeat).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(read.body.expires_at) - lastHeartbeat).toBeGreaterThan(58_000);
    expect(Date.parse(read.body.expires_at) - lastHeartbeat).toBeLessThanOrEqual(60_000);
    const { Item } = await dynamo.send(
      new GetCommand({
        TableName: stack.tables.config,
        Key: { pk: 'WORKERS', sk: `intake#${instance('hb-1')}#HEARTBEAT` },
      }),
    );
    expect(Item!.expires_at).toBe(Date.parse(read.body.expires_at) / 1000);
    expect(
      (await api('GET', `/admin/workers/intake/${instance('hb-2')}`, { key: platformViewer })).body
        .criticality,
    ).toBe('low');
    // Heartbeats are telemetry, not audited changes.
    expect(await platformAudit(`intake/${instance('hb-1')}`)).toEqual([]);
  });

  it('hides heartbeats past their expiry even before DynamoDB deletes them', async () => {
    const id = instance('expired');
    const past = Math.floor(Date.now() / 1000) - 5;
    await dynamo.send(
      new PutCommand({
        TableName: stack.tables.config,
        Item: {
          pk: 'WORKERS',
          sk: `feedback#${id}#HEARTBEAT`,
          worker_type: 'feedback',
          instance_id: id,
          base_url: 'http://127.0.0.1:9006',
          metrics_url: null,
          criticality: 'medium',
          last_heartbeat_at: new Date((past - 60) * 1000).toISOString(),
          expires_at: past,
        },
      }),
    );
    expectProblem(
      await api('GET', `/admin/workers/feedback/${id}`, { key: platformViewer }),
      404,
      'not-found',
    );
    const listed = await listAll(platformViewer, 200);
    expect(listed.map((worker) => worker.instance_id)).not.toContain(id);
    expectProblem(
      await api('DELETE', `/admin/workers/feedback/${id}`, { key: platformAdmin }),
      404,
      'not-found',
    );

    const { listRegisteredWorkers } = await importWorkerService();
    const now = await listRegisteredWorkers(new Date());
    expect(now.map((worker) => worker.instance_id)).not.toContain(id);
    expect(now.map((worker) => worker.instance_id)).toContain(instance('hb-1'));
    // Two minutes on, the live heartbeats have lapsed too; declared workers never do.
    const later = await listRegisteredWorkers(new Date(Date.now() + 120_000));
    const laterIds = later.map((worker) => worker.instance_id);
    expect(laterIds).not.toContain(instance('hb-1'));
    expect(laterIds).toContain(instance('triage'));
    expect(
      later.every((worker) => worker.source === 'declared' || worker.expires_at! > new Date().toISOString()),
    ).toBe(true);
  });

  it('keeps a declared worker declared when it also sends heartbeats', async () => {
    const id = instance('both');
    await api('PUT', `/admin/workers/policy/${id}`, { key: platformAdmin, body: declaration });
    await api('POST', '/ingest/heartbeat', {
      key: ingestKey,
      body: {
        items: [
          { worker_type: 'policy', instance_id: id, base_url: 'http://127.0.0.1:9999', criticality: 'low' },
        ],
      },
    });
    const read = await api('GET', `/admin/workers/policy/${id}`, { key: platformViewer });
    expect(read.body).toMatchObject({
      source: 'declared',
      base_url: declaration.base_url,
      criticality: 'high',
      expires_at: null,
      last_heartbeat_at: expect.any(String),
    });
  });

  it('answers 207 with the rejected items and applies the rest', async () => {
    const response = await api('POST', '/ingest/heartbeat', {
      key: ingestKey,
      body: {
        items: [
          { worker_type: 'tool', instance_id: instance('207-ok'), base_url: 'http://127.0.0.1:9005' },
          { worker_type: 'router', instance_id: instance('207-bad'), base_url: 'http://127.0.0.1:9005' },
          { worker_type: 'tool', instance_id: instance('207-bad2'), base_url: 'gopher://x' },
          'not an object',
          {
            worker_type: 'tool',
            instance_id: instance('207-bad3'),
            base_url: 'http://127.0.0.1:1',
            extra: true,
          },
        ],
      },
    });
    expect(response.status).toBe(207);
    expect(response.body.accepted).toBe(1);
    expect(response.body.duplicates).toBe(0);
    expect(response.body.rejected.map((rejection: any) => rejection.index)).toEqual([1, 2, 3, 4]);
    for (const rejection of response.body.rejected) {
      expect(rejection.type).toBe('https://opsdeck.dev/problems/validation-error');
      expect(rejection.detail).toEqual(expect.any(String));
    }
    expect(response.body.rejected[0].detail).toMatch(/worker_type/);
    expect(
      (await api('GET', `/admin/workers/tool/${instance('207-ok')}`, { key: platformViewer })).status,
    ).toBe(200);
    expectProblem(
      await api('GET', `/admin/workers/tool/${instance('207-bad2')}`, { key: platformViewer }),
      404,
    );
  });

  it('takes heartbeats from ingest keys only, in batches of 1 to 500', async () => {
    const body = {
      items: [{ worker_type: 'tool', instance_id: instance('nope'), base_url: 'http://127.0.0.1:9005' }],
    };
    for (const key of [platformAdmin, platformViewer, tenantAdmin, adminKey]) {
      expectProblem(await api('POST', '/ingest/heartbeat', { key, body }), 403, 'forbidden');
    }
    expectProblem(await api('GET', `/admin/workers/tool/${instance('nope')}`, { key: platformViewer }), 404);
    expectProblem(
      await api('POST', '/ingest/heartbeat', { key: ingestKey, body: { items: [] } }),
      400,
      'validation-error',
    );
    expectProblem(
      await api('POST', '/ingest/heartbeat', { key: ingestKey, body: [] }),
      400,
      'validation-error',
    );
    const tooMany = Array.from({ length: 501 }, (_, n) => ({
      worker_type: 'tool',
      instance_id: instance(`many-${n}`),
      base_url: 'http://127.0.0.1:9005',
    }));
    expectProblem(await api('POST', '/ingest/heartbeat', { key: ingestKey, body: { items: tooMany } }), 400);
    const full = await api('POST', '/ingest/heartbeat', {
      key: ingestKey,
      body: { items: tooMany.slice(0, 500) },
    });
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ accepted: 500, duplicates: 0, rejected: [] });
  });

  it('pages through every worker exactly once', async () => {
    // Only this run's workers: others (e.g. a running reference fleet) may come and go meanwhile.
    const ours = (workers: any[]) => workers.filter((worker) => worker.instance_id.startsWith(`it-${run}-`));
    const all = ours(await listAll(platformViewer, 200));
    const paged = ours(await listAll(platformViewer, 7));
    const key = (worker: any) => `${worker.worker_type}/${worker.instance_id}`;
    expect(paged.map(key)).toEqual(all.map(key));
    expect(all.length).toBeGreaterThan(500);
    expect(new Set(paged.map(key)).size).toBe(paged.length);
    expect(paged.map(key)).toEqual(
      expect.arrayContaining([`triage/${instance('triage')}`, `tool/${instance('many-499')}`]),
    );
    expectProblem(
      await api('GET', '/admin/workers?cursor=bogus', { key: platformViewer }),
      400,
      'invalid-cursor',
    );
    expectProblem(
      await api('GET', '/admin/workers?limit=0', { key: platformViewer }),
      400,
      'validation-error',
    );
  });

  it('deletes a declaration and a heartbeat registration', async () => {
    const id = instance('triage');
    const deleted = await api('DELETE', `/admin/workers/triage/${id}`, { key: platformAdmin });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expectProblem(await api('GET', `/admin/workers/triage/${id}`, { key: platformViewer }), 404, 'not-found');
    expectProblem(
      await api('DELETE', `/admin/workers/triage/${id}`, { key: platformAdmin }),
      404,
      'not-found',
    );
    expect((await platformAudit(`triage/${id}`))[0]).toMatchObject({ action: 'worker.deleted', after: null });

    const heartbeatOnly = instance('hb-2');
    expect(
      (await api('DELETE', `/admin/workers/intake/${heartbeatOnly}`, { key: platformAdmin })).status,
    ).toBe(204);
    expectProblem(await api('GET', `/admin/workers/intake/${heartbeatOnly}`, { key: platformViewer }), 404);
  });
});
