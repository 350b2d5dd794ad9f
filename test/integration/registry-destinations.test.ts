import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createKey,
  createTenant,
  expectProblem,
  stack,
  uniqueTenantId,
  useStackInThisProcess,
} from './support/api';

/** `findDeclaredDestination` runs in this process against the stack's DynamoDB Local, as the DLQ ingest will. */
async function importDestinationService() {
  useStackInThisProcess();
  return import('../../shared/registry/destination-service');
}

const run = randomBytes(3).toString('hex');
const id = (name: string) => `it-${run}-${name}`;
const queueUrl = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${run}-${name}`;
const busArn = (name: string) => `arn:aws:events:eu-west-1:123456789012:event-bus/${run}-${name}`;
const hookUrl = (name: string) => `https://hooks.example.com/${run}/${name}`;

async function auditOf(chain: string | null, destinationId: string): Promise<any[]> {
  const audit = await api('GET', `/admin/audit?limit=200${chain ? `&tenant_id=${chain}` : ''}`);
  return audit.body.items.filter(
    (record: any) => record.resource.type === 'destination' && record.resource.id === destinationId,
  );
}

/** Every destination a principal's listing shows, page by page. */
async function listAll(key: string, query: string, limit: number): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const response: any = await api(
      'GET',
      `/admin/destinations?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
      { key },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...response.body.items);
    cursor = response.body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error('the listing did not end');
}

describe('destination registry', () => {
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let viewerA: string;
  let adminB: string;
  let platformViewer: string;
  let platformAdmin: string;
  let ingestKey: string;

  beforeAll(async () => {
    tenantA = await createTenant(uniqueTenantId('dst-a'));
    tenantB = await createTenant(uniqueTenantId('dst-b'));
    [adminA, viewerA, adminB, platformViewer, platformAdmin, ingestKey] = await Promise.all([
      createKey(tenantA, 'admin'),
      createKey(tenantA, 'viewer'),
      createKey(tenantB, 'admin'),
      createKey('platform', 'viewer'),
      createKey('platform', 'admin'),
      createKey('platform', 'ingest'),
    ]);
    const declarations: [string, string, unknown][] = [
      [platformAdmin, id('stage-triage'), { kind: 'sqs', address: queueUrl('triage') }],
      [platformAdmin, id('a-bus'), { kind: 'eventbridge', address: busArn('a'), tenant_id: tenantA }],
      [adminA, id('a-hook'), { kind: 'http', address: hookUrl('a') }],
      [adminA, id('a-queue'), { kind: 'sqs', address: queueUrl('a'), tenant_id: tenantA }],
      [adminB, id('b-queue'), { kind: 'sqs', address: queueUrl('b') }],
    ];
    for (const [key, destinationId, body] of declarations) {
      const created = await api('PUT', `/admin/destinations/${destinationId}`, { key, body });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });

  it('declares platform-wide and tenant destinations and reads them back', async () => {
    const platformWide = await api('GET', `/admin/destinations/${id('stage-triage')}`, {
      key: platformViewer,
    });
    expect(platformWide.status).toBe(200);
    expect(platformWide.body).toEqual({
      destination_id: id('stage-triage'),
      kind: 'sqs',
      address: queueUrl('triage'),
      tenant_id: null,
      created_at: expect.any(String),
      updated_at: platformWide.body.created_at,
    });
    // A tenant admin's destination belongs to its tenant without naming it.
    const hook = await api('GET', `/admin/destinations/${id('a-hook')}`, { key: adminA });
    expect(hook.body).toMatchObject({ kind: 'http', address: hookUrl('a'), tenant_id: tenantA });
    // Tenant admins see platform-wide destinations too.
    expect((await api('GET', `/admin/destinations/${id('stage-triage')}`, { key: adminA })).status).toBe(200);

    const created = await api('PUT', `/admin/destinations/${id('new')}`, {
      key: adminA,
      body: { kind: 'http', address: 'https://Hooks.Example.com:443/new' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/admin/destinations/${id('new')}`);
    expect(created.body.address).toBe('https://hooks.example.com/new');
  });

  it('lists what each principal may see, with pagination across owners', async () => {
    const ids = (items: any[]) =>
      items.map((item) => item.destination_id).filter((d: string) => d.includes(run));
    const seenByA = await listAll(adminA, '', 200);
    expect(ids(seenByA).sort()).toEqual(
      [id('a-bus'), id('a-hook'), id('a-queue'), id('new'), id('stage-triage')].sort(),
    );
    expect(seenByA.every((item) => item.tenant_id === null || item.tenant_id === tenantA)).toBe(true);
    // Platform-wide first, then the tenant's own; page by page gives the same list.
    expect(ids(await listAll(adminA, '', 1))).toEqual(ids(seenByA));
    expect(ids(await listAll(adminA, '', 2))).toEqual(ids(seenByA));
    expect(seenByA.findIndex((item) => item.tenant_id === tenantA)).toBeGreaterThan(
      seenByA.findLastIndex((item) => item.tenant_id === null),
    );

    const seenByB = ids(await listAll(adminB, '', 200));
    expect(seenByB.sort()).toEqual([id('b-queue'), id('stage-triage')].sort());

    const all = await listAll(platformViewer, '', 200);
    expect(ids(all)).toEqual(expect.arrayContaining([id('a-hook'), id('b-queue'), id('stage-triage')]));
    expect(ids(await listAll(platformViewer, '', 3))).toEqual(ids(all));
    expect(ids(await listAll(platformViewer, `&tenant_id=${tenantB}`, 200))).toEqual([id('b-queue')]);
    expect(ids(await listAll(adminA, `&tenant_id=${tenantA}`, 200)).sort()).toEqual(
      [id('a-bus'), id('a-hook'), id('a-queue'), id('new')].sort(),
    );
    expect(ids(await listAll(platformViewer, '&tenant_id=platform', 200))).toEqual([id('stage-triage')]);
    expectProblem(
      await api('GET', '/admin/destinations?tenant_id=no-such-tenant', { key: platformViewer }),
      404,
    );
    expectProblem(
      await api('GET', '/admin/destinations?cursor=bogus', { key: adminA }),
      400,
      'invalid-cursor',
    );
  });

  it('replaces a destination, freeing its old address, and audits on the owner chain', async () => {
    const replaced = await api('PUT', `/admin/destinations/${id('a-queue')}`, {
      key: adminA,
      body: { kind: 'sqs', address: queueUrl('a-2') },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ address: queueUrl('a-2'), tenant_id: tenantA });
    expect(replaced.body.updated_at > replaced.body.created_at).toBe(true);
    const unchanged = await api('PUT', `/admin/destinations/${id('a-queue')}`, {
      key: adminA,
      body: { kind: 'sqs', address: queueUrl('a-2') },
    });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual(replaced.body);
    const records = await auditOf(tenantA, id('a-queue'));
    expect(records.map((record) => record.action)).toEqual(['destination.updated', 'destination.created']);
    expect(records[0]).toMatchObject({
      before: { address: queueUrl('a') },
      after: { address: queueUrl('a-2') },
    });
    expect((await auditOf(null, id('stage-triage')))[0]).toMatchObject({
      action: 'destination.created',
      tenant_id: 'platform',
    });
    // The old address is free again.
    const reuse = await api('PUT', `/admin/destinations/${id('b-reuse')}`, {
      key: adminB,
      body: { kind: 'sqs', address: queueUrl('a') },
    });
    expect(reuse.status).toBe(201);
  });

  it('accepts loopback queue and HTTP addresses on the local stack (OPSDECK_ALLOW_LOOPBACK_DESTINATIONS=1)', async () => {
    const emulatorQueue = await api('PUT', `/admin/destinations/${id('local-queue')}`, {
      key: platformAdmin,
      body: { kind: 'sqs', address: stack.queues.ingest.url },
    });
    expect(emulatorQueue.status, JSON.stringify(emulatorQueue.body)).toBe(201);
    expect(emulatorQueue.body.address).toBe(stack.queues.ingest.url);
    const localHook = await api('PUT', `/admin/destinations/${id('local-hook')}`, {
      key: adminA,
      body: { kind: 'http', address: `http://127.0.0.1:9001/${run}/hook` },
    });
    expect(localHook.status).toBe(201);
    // Loopback is not a licence for private addresses.
    expectProblem(
      await api('PUT', `/admin/destinations/${id('local-private')}`, {
        key: adminA,
        body: { kind: 'http', address: 'http://192.168.0.2/hook' },
      }),
      400,
      'validation-error',
    );
  });

  it('declares each address once, so no tenant can claim another tenant’s queue', async () => {
    expectProblem(
      await api('PUT', `/admin/destinations/${id('steal')}`, {
        key: adminB,
        body: { kind: 'sqs', address: queueUrl('a-2') },
      }),
      409,
      'conflict',
    );
    expectProblem(
      await api('PUT', `/admin/destinations/${id('steal-2')}`, {
        key: platformAdmin,
        body: { kind: 'sqs', address: queueUrl('triage').replace('sqs.', 'SQS.') },
      }),
      409,
      'conflict',
    );
    const racers = await Promise.all(
      [1, 2, 3].map((n) =>
        api('PUT', `/admin/destinations/${id(`race-${n}`)}`, {
          key: platformAdmin,
          body: { kind: 'eventbridge', address: busArn('contested') },
        }),
      ),
    );
    expect(racers.map((racer) => racer.status).sort()).toEqual([201, 409, 409]);
    for (const name of ['steal', 'steal-2']) {
      expectProblem(await api('GET', `/admin/destinations/${id(name)}`, { key: platformViewer }), 404);
    }
  });

  it('rejects invalid declarations with 400 and writes nothing', async () => {
    const cases: { destination: string; body?: unknown; raw?: string; field?: string; slug?: string }[] = [
      { destination: 'Bad_Id', body: { kind: 'sqs', address: queueUrl('x1') }, field: 'path.destination_id' },
      { destination: id('bad-1'), body: { kind: 'kafka', address: 'orders' }, field: 'body.kind' },
      {
        destination: id('bad-2'),
        body: { kind: 'sqs', address: 'https://example.com/123456789012/q' },
        field: 'body.address',
      },
      { destination: id('bad-3'), body: { kind: 'sqs', address: busArn('x') }, field: 'body.address' },
      {
        destination: id('bad-4'),
        body: { kind: 'eventbridge', address: queueUrl('x') },
        field: 'body.address',
      },
      {
        destination: id('bad-5'),
        body: { kind: 'http', address: 'http://hooks.example.com/x' },
        field: 'body.address',
      },
      {
        destination: id('bad-6'),
        body: { kind: 'http', address: 'https://169.254.169.254/latest' },
        field: 'body.address',
      },
      {
        destination: id('bad-7'),
        body: { kind: 'http', address: 'https://10.0.0.8/hook' },
        field: 'body.address',
      },
      {
        destination: id('bad-8'),
        body: { kind: 'http', address: 'https://[fd00:ec2::254]/' },
        field: 'body.address',
      },
      { destination: id('bad-9'), body: { kind: 'sqs', address: queueUrl('x'), extra: 1 }, field: 'body' },
      {
        destination: id('bad-10'),
        body: { kind: 'sqs', address: queueUrl('x'), tenant_id: 'platform' },
        field: 'body.tenant_id',
      },
      { destination: id('bad-11'), body: { kind: 'sqs' }, field: 'body.address' },
      { destination: id('bad-12'), raw: '{"kind":', slug: 'malformed-json' },
    ];
    for (const testCase of cases) {
      const response = await api('PUT', `/admin/destinations/${testCase.destination}`, {
        key: platformAdmin,
        body: testCase.body,
        raw: testCase.raw,
      });
      expectProblem(response, 400, testCase.slug ?? 'validation-error');
      if (testCase.field) {
        expect(response.body.errors, testCase.destination).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: testCase.field })]),
        );
      }
    }
    for (let n = 1; n <= 12; n++) {
      expectProblem(await api('GET', `/admin/destinations/${id(`bad-${n}`)}`, { key: platformViewer }), 404);
    }
    const audit = await api('GET', '/admin/audit?limit=200');
    expect(audit.body.items.filter((record: any) => record.resource.id.includes(`${run}-bad-`))).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    // Naming another tenant, or reaching for its destination, gives 404.
    expectProblem(
      await api('PUT', `/admin/destinations/${id('a-for-b')}`, {
        key: adminA,
        body: { kind: 'sqs', address: queueUrl('a-for-b'), tenant_id: tenantB },
      }),
      404,
      'not-found',
    );
    expectProblem(
      await api('GET', `/admin/destinations/${id('b-queue')}`, { key: adminA }),
      404,
      'not-found',
    );
    expectProblem(
      await api('DELETE', `/admin/destinations/${id('b-queue')}`, { key: adminA }),
      404,
      'not-found',
    );
    expectProblem(
      await api('GET', `/admin/destinations?tenant_id=${tenantB}`, { key: adminA }),
      404,
      'not-found',
    );
    // Another tenant's id cannot be taken over, and platform-wide ones are off limits.
    expectProblem(
      await api('PUT', `/admin/destinations/${id('b-queue')}`, {
        key: adminA,
        body: { kind: 'sqs', address: queueUrl('mine') },
      }),
      409,
      'conflict',
    );
    expectProblem(
      await api('PUT', `/admin/destinations/${id('stage-triage')}`, {
        key: adminA,
        body: { kind: 'sqs', address: queueUrl('hijack') },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await api('DELETE', `/admin/destinations/${id('stage-triage')}`, { key: adminA }),
      403,
      'forbidden',
    );
    // The owner of a destination never changes.
    expectProblem(
      await api('PUT', `/admin/destinations/${id('b-queue')}`, {
        key: platformAdmin,
        body: { kind: 'sqs', address: queueUrl('b'), tenant_id: tenantA },
      }),
      409,
      'conflict',
    );
    const stillB = await api('GET', `/admin/destinations/${id('b-queue')}`, { key: adminB });
    expect(stillB.body).toMatchObject({ address: queueUrl('b'), tenant_id: tenantB });
    expect(
      (await api('GET', `/admin/destinations/${id('stage-triage')}`, { key: platformViewer })).body.address,
    ).toBe(queueUrl('triage'));
  });

  it('enforces roles: tenant reads need admin, writes need admin, ingest keys do neither', async () => {
    expectProblem(await api('GET', '/admin/destinations', { key: viewerA }), 403, 'forbidden');
    expectProblem(
      await api('GET', `/admin/destinations/${id('a-hook')}`, { key: viewerA }),
      403,
      'forbidden',
    );
    const body = { kind: 'sqs', address: queueUrl('roles') };
    expectProblem(
      await api('PUT', `/admin/destinations/${id('roles')}`, { key: viewerA, body }),
      403,
      'forbidden',
    );
    expectProblem(
      await api('DELETE', `/admin/destinations/${id('a-hook')}`, { key: viewerA }),
      403,
      'forbidden',
    );
    expect((await api('GET', '/admin/destinations', { key: platformViewer })).status).toBe(200);
    expectProblem(
      await api('PUT', `/admin/destinations/${id('roles')}`, { key: platformViewer, body }),
      403,
      'forbidden',
    );
    for (const [method, path] of [
      ['GET', '/admin/destinations'],
      ['GET', `/admin/destinations/${id('a-hook')}`],
      ['PUT', `/admin/destinations/${id('roles')}`],
      ['DELETE', `/admin/destinations/${id('a-hook')}`],
    ] as const) {
      expectProblem(
        await api(method, path, { key: ingestKey, ...(method === 'PUT' ? { body } : {}) }),
        403,
        'forbidden',
      );
    }
    expectProblem(await api('GET', '/admin/destinations', { key: null }), 401);
  });

  it('finds declared destinations for the DLQ ingest with one lookup by kind and address', async () => {
    const { findDeclaredDestination } = await importDestinationService();
    // Platform-wide destinations serve every tenant.
    expect(await findDeclaredDestination(tenantB, 'sqs', queueUrl('triage'))).toMatchObject({
      destination_id: id('stage-triage'),
      tenant_id: null,
    });
    // A tenant's destination serves that tenant only.
    expect(await findDeclaredDestination(tenantA, 'eventbridge', busArn('a'))).toMatchObject({
      destination_id: id('a-bus'),
    });
    expect(await findDeclaredDestination(tenantB, 'eventbridge', busArn('a'))).toBeNull();
    // The address is compared in its normalised form, and the kind must match.
    expect(
      await findDeclaredDestination(
        tenantA,
        'http',
        hookUrl('a').replace('hooks.example.com', 'HOOKS.example.com:443'),
      ),
    ).toMatchObject({ destination_id: id('a-hook') });
    expect(await findDeclaredDestination(tenantA, 'http', queueUrl('triage'))).toBeNull();
    expect(await findDeclaredDestination(tenantA, 'sqs', queueUrl('never-declared'))).toBeNull();
    expect(await findDeclaredDestination(tenantA, 'sqs', 'not a url')).toBeNull();
  });

  it('deletes destinations and forgets their addresses', async () => {
    const deleted = await api('DELETE', `/admin/destinations/${id('a-hook')}`, { key: adminA });
    expect(deleted.status).toBe(204);
    expectProblem(await api('GET', `/admin/destinations/${id('a-hook')}`, { key: adminA }), 404, 'not-found');
    expectProblem(
      await api('DELETE', `/admin/destinations/${id('a-hook')}`, { key: adminA }),
      404,
      'not-found',
    );
    expect((await auditOf(tenantA, id('a-hook')))[0]).toMatchObject({
      action: 'destination.deleted',
      after: null,
    });

    expect(
      (await api('DELETE', `/admin/destinations/${id('stage-triage')}`, { key: platformAdmin })).status,
    ).toBe(204);
    expect((await auditOf(null, id('stage-triage')))[0]).toMatchObject({ action: 'destination.deleted' });

    const { findDeclaredDestination } = await importDestinationService();
    expect(await findDeclaredDestination(tenantA, 'http', hookUrl('a'))).toBeNull();
    expect(await findDeclaredDestination(tenantA, 'sqs', queueUrl('triage'))).toBeNull();
    const listed = await listAll(adminA, '', 200);
    expect(listed.map((item) => item.destination_id)).not.toContain(id('a-hook'));
    // A deleted address may be declared again.
    const again = await api('PUT', `/admin/destinations/${id('a-hook-2')}`, {
      key: adminA,
      body: { kind: 'http', address: hookUrl('a') },
    });
    expect(again.status).toBe(201);
    const verification = await api('GET', `/admin/audit/verify?tenant_id=${tenantA}`);
    expect(verification.body.ok).toBe(true);
  });
});
