import { beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, expectProblem, uniqueTenantId } from './support/api';

describe('health and identity', () => {
  it('answers /api/health without a key', async () => {
    const response = await api('GET', '/health', { key: null });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('echoes a well-formed X-Request-Id and uses it in problems', async () => {
    const response = await api('GET', '/me', { key: null, headers: { 'x-request-id': 'trace-123' } });
    expectProblem(response, 401, 'unauthorized');
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(response.body.request_id).toBe('trace-123');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('describes the super-admin on /api/me', async () => {
    const response = await api('GET', '/me');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      role: 'super_admin',
      scope: 'platform',
      tenant_id: null,
      tenant: null,
    });
  });

  it('refuses malformed, unknown and wrongly signed keys alike with 401', async () => {
    for (const key of ['nonsense', 'odk_abc_def', `odk_${'a'.repeat(20)}_${'b'.repeat(43)}`]) {
      expectProblem(await api('GET', '/me', { key }), 401, 'unauthorized');
    }
    const real = await createKey('platform', 'viewer');
    const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    expectProblem(await api('GET', '/me', { key: tampered }), 401, 'unauthorized');
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const response = await api('GET', '/openapi.json', { key: null });
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toContain('/admin/tenants/{tenant_id}/api-keys');
  });

  it('answers unknown API routes and wrong methods with problems', async () => {
    expectProblem(await api('GET', '/no-such-thing'), 404, 'route-not-found');
    expectProblem(await api('PUT', '/admin/tenants'), 405, 'method-not-allowed');
  });
});

describe('tenants', () => {
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let viewerA: string;
  let operatorA: string;
  let platformViewer: string;
  let platformAdmin: string;

  beforeAll(async () => {
    tenantA = await createTenant(uniqueTenantId('acme'), { time_zone: 'Europe/Berlin' });
    tenantB = await createTenant(uniqueTenantId('globex'));
    [adminA, viewerA, operatorA, platformViewer, platformAdmin] = await Promise.all([
      createKey(tenantA, 'admin'),
      createKey(tenantA, 'viewer'),
      createKey(tenantA, 'operator'),
      createKey('platform', 'viewer'),
      createKey('platform', 'admin'),
    ]);
  });

  it('creates a tenant with defaults and reads it back', async () => {
    const id = uniqueTenantId();
    const created = await api('POST', '/admin/tenants', { body: { tenant_id: id, name: 'Initech' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/admin/tenants/${id}`);
    expect(created.body).toMatchObject({
      tenant_id: id,
      name: 'Initech',
      time_zone: 'UTC',
      status: 'ACTIVE',
    });
    const read = await api('GET', `/admin/tenants/${id}`);
    expect(read.body).toEqual(created.body);
  });

  it('lets exactly one of two concurrent creations of the same id succeed', async () => {
    const id = uniqueTenantId('race');
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        api('POST', '/admin/tenants', { body: { tenant_id: id, name: 'Racer' } }),
      ),
    );
    const statuses = attempts.map((attempt) => attempt.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    attempts.filter((a) => a.status === 409).forEach((a) => expectProblem(a, 409, 'conflict'));
    const audit = await api('GET', `/admin/audit?tenant_id=${id}`);
    expect(
      audit.body.items.filter((item: { action: string }) => item.action === 'tenant.created'),
    ).toHaveLength(1);
  });

  it('rejects bad input with 400 and writes nothing', async () => {
    const id = uniqueTenantId('bad');
    const cases = [
      { raw: '{"tenant_id": ', slug: 'malformed-json' },
      { body: { tenant_id: id, name: 'X', extra: true }, slug: 'validation-error' },
      { body: { tenant_id: id, name: 42 }, slug: 'validation-error' },
      { body: { tenant_id: id, name: 'X', time_zone: 'Mars/Olympus' }, slug: 'validation-error' },
      { body: { tenant_id: 'platform', name: 'X' }, slug: 'validation-error' },
      { body: { tenant_id: 'A!', name: 'X' }, slug: 'validation-error' },
      { body: [id], slug: 'validation-error' },
    ];
    for (const testCase of cases) {
      const response = await api('POST', '/admin/tenants', testCase);
      expectProblem(response, 400, testCase.slug);
    }
    const unknownField = await api('POST', '/admin/tenants', {
      body: { tenant_id: id, name: 'X', extra: true },
    });
    expect(unknownField.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body' })]),
    );
    expectProblem(await api('GET', `/admin/tenants/${id}`), 404, 'not-found');
  });

  it('refuses an oversized body with 413 and a non-JSON body with 415', async () => {
    const response = await api('POST', '/admin/tenants', {
      body: { tenant_id: uniqueTenantId(), name: 'x'.repeat(300 * 1024) },
    });
    expectProblem(response, 413, 'payload-too-large');
    expectProblem(
      await api('POST', '/admin/tenants', { raw: 'tenant_id=x', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported-media-type',
    );
  });

  it('rejects unknown query parameters and bad limits', async () => {
    expectProblem(await api('GET', '/admin/tenants?limit=0'), 400, 'validation-error');
    expectProblem(await api('GET', '/admin/tenants?colour=blue'), 400, 'validation-error');
    expectProblem(await api('GET', '/admin/tenants?cursor=not-a-cursor'), 400, 'invalid-cursor');
  });

  it('paginates the tenant list with an opaque cursor', async () => {
    const first = await api('GET', '/admin/tenants?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await api('GET', `/admin/tenants?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.items[0].tenant_id).not.toBe(first.body.items[0].tenant_id);
  });

  it('keeps tenant principals inside their tenant (404, no existence leak)', async () => {
    expect((await api('GET', `/admin/tenants/${tenantA}`, { key: viewerA })).status).toBe(200);
    const foreign = await api('GET', `/admin/tenants/${tenantB}`, { key: adminA });
    const missing = await api('GET', '/admin/tenants/no-such-tenant', { key: adminA });
    expectProblem(foreign, 404, 'not-found');
    expectProblem(missing, 404, 'not-found');
    expect(foreign.body.detail.replace(tenantB, 'X')).toBe(
      missing.body.detail.replace('no-such-tenant', 'X'),
    );
    expectProblem(
      await api('PATCH', `/admin/tenants/${tenantB}`, { key: adminA, body: { name: 'Mine' } }),
      404,
    );
    expectProblem(await api('GET', '/admin/tenants', { key: adminA }), 403, 'forbidden');
  });

  it('enforces roles on tenant endpoints', async () => {
    expectProblem(
      await api('POST', '/admin/tenants', { key: adminA, body: { tenant_id: uniqueTenantId(), name: 'X' } }),
      403,
    );
    expectProblem(
      await api('POST', '/admin/tenants', {
        key: platformViewer,
        body: { tenant_id: uniqueTenantId(), name: 'X' },
      }),
      403,
    );
    expect((await api('GET', '/admin/tenants', { key: platformViewer })).status).toBe(200);
    expectProblem(
      await api('PATCH', `/admin/tenants/${tenantA}`, { key: operatorA, body: { name: 'Nope' } }),
      403,
    );
    const created = await api('POST', '/admin/tenants', {
      key: platformAdmin,
      body: { tenant_id: uniqueTenantId(), name: 'By platform admin' },
    });
    expect(created.status).toBe(201);
  });

  it('lets a tenant admin rename its tenant but not suspend it', async () => {
    const renamed = await api('PATCH', `/admin/tenants/${tenantA}`, {
      key: adminA,
      body: { name: 'Acme Corp' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Acme Corp');
    expectProblem(
      await api('PATCH', `/admin/tenants/${tenantA}`, { key: adminA, body: { status: 'SUSPENDED' } }),
      403,
    );
    expectProblem(await api('PATCH', `/admin/tenants/${tenantA}`, { key: adminA, body: {} }), 400);
  });

  it("refuses a suspended tenant's keys with 403 and accepts them again after reactivation", async () => {
    const tenant = await createTenant();
    const key = await createKey(tenant, 'operator');
    expect((await api('GET', '/me', { key })).status).toBe(200);
    const suspended = await api('PATCH', `/admin/tenants/${tenant}`, { body: { status: 'SUSPENDED' } });
    expect(suspended.body.status).toBe('SUSPENDED');
    expectProblem(await api('GET', '/me', { key }), 403, 'tenant-suspended');
    await api('PATCH', `/admin/tenants/${tenant}`, { body: { status: 'ACTIVE' } });
    const me = await api('GET', '/me', { key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ scope: 'tenant', tenant_id: tenant, role: 'operator' });
    expect(me.body.tenant).toMatchObject({ tenant_id: tenant, status: 'ACTIVE' });
  });
});
