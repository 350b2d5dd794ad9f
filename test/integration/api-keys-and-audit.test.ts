import { UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, dynamo, expectProblem, stack } from './support/api';

describe('API keys', () => {
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let operatorA: string;
  let platformAdmin: string;
  let ingestKey: string;

  beforeAll(async () => {
    tenantA = await createTenant();
    tenantB = await createTenant();
    [adminA, operatorA, platformAdmin, ingestKey] = await Promise.all([
      createKey(tenantA, 'admin'),
      createKey(tenantA, 'operator'),
      createKey('platform', 'admin'),
      createKey('platform', 'ingest'),
    ]);
  });

  it('shows the secret once and never again', async () => {
    const created = await api('POST', `/admin/tenants/${tenantA}/api-keys`, {
      key: adminA,
      body: { name: 'ci bot', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^odk_[a-z0-9]{20}_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ tenant_id: tenantA, role: 'viewer', status: 'active' });
    const listed = await api('GET', `/admin/tenants/${tenantA}/api-keys`, { key: adminA });
    const entry = listed.body.items.find((key: { key_id: string }) => key.key_id === created.body.key_id);
    expect(entry).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.split('_')[2]);
    expect(entry).not.toHaveProperty('secret');
    expect(entry).not.toHaveProperty('secret_hash');
    const me = await api('GET', '/me', { key: created.body.secret });
    expect(me.body).toMatchObject({ name: 'ci bot', role: 'viewer', tenant_id: tenantA });
  });

  it('revokes a key at once', async () => {
    const secret = await createKey(tenantA, 'viewer');
    const keyId = secret.split('_')[1];
    expect((await api('GET', '/me', { key: secret })).status).toBe(200);
    const revoked = await api('DELETE', `/admin/api-keys/${keyId}`, { key: adminA });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ key_id: keyId, status: 'revoked' });
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    expectProblem(await api('GET', '/me', { key: secret }), 401);
    expectProblem(await api('DELETE', `/admin/api-keys/${keyId}`, { key: adminA }), 409, 'conflict');
  });

  it('keeps tenants apart: keys of another tenant are invisible (404)', async () => {
    const secretB = await createKey(tenantB, 'viewer');
    const keyIdB = secretB.split('_')[1];
    expectProblem(await api('GET', `/admin/tenants/${tenantB}/api-keys`, { key: adminA }), 404);
    expectProblem(
      await api('POST', `/admin/tenants/${tenantB}/api-keys`, {
        key: adminA,
        body: { name: 'x', role: 'admin' },
      }),
      404,
    );
    expectProblem(await api('DELETE', `/admin/api-keys/${keyIdB}`, { key: adminA }), 404);
    expect((await api('GET', '/me', { key: secretB })).status).toBe(200);
    expectProblem(await api('GET', '/admin/tenants/platform/api-keys', { key: adminA }), 404);
  });

  it('enforces roles on key endpoints', async () => {
    expectProblem(await api('GET', `/admin/tenants/${tenantA}/api-keys`, { key: operatorA }), 403);
    expectProblem(
      await api('POST', `/admin/tenants/${tenantA}/api-keys`, {
        key: operatorA,
        body: { name: 'x', role: 'viewer' },
      }),
      403,
    );
    // Tenant keys cannot carry platform roles; platform keys need a super-admin.
    expectProblem(
      await api('POST', `/admin/tenants/${tenantA}/api-keys`, {
        key: adminA,
        body: { name: 'x', role: 'super_admin' },
      }),
      400,
    );
    expectProblem(
      await api('POST', '/admin/tenants/platform/api-keys', {
        key: platformAdmin,
        body: { name: 'x', role: 'viewer' },
      }),
      403,
    );
    expect(
      (
        await api('POST', `/admin/tenants/${tenantB}/api-keys`, {
          key: platformAdmin,
          body: { name: 'x', role: 'admin' },
        })
      ).status,
    ).toBe(201);
    expectProblem(
      await api('POST', `/admin/tenants/no-such-tenant/api-keys`, { body: { name: 'x', role: 'admin' } }),
      404,
    );
  });

  it('gives the ingest role no read access', async () => {
    expectProblem(await api('GET', '/me', { key: ingestKey }), 403);
    expectProblem(await api('GET', '/admin/tenants', { key: ingestKey }), 403);
    expectProblem(await api('GET', `/admin/tenants/${tenantA}`, { key: ingestKey }), 403);
    expectProblem(await api('GET', '/admin/audit', { key: ingestKey }), 403);
  });

  it('validates key ids and bodies', async () => {
    expectProblem(await api('DELETE', '/admin/api-keys/NOT-AN-ID'), 400, 'validation-error');
    expectProblem(await api('DELETE', `/admin/api-keys/${'0'.repeat(20)}`), 404);
    expectProblem(
      await api('POST', `/admin/tenants/${tenantA}/api-keys`, { body: { name: 'x', role: 'emperor' } }),
      400,
    );
    expectProblem(
      await api('POST', `/admin/tenants/${tenantA}/api-keys`, {
        body: { name: 'x', role: 'viewer', secret: 'mine' },
      }),
      400,
    );
  });

  it('records when a key was last used', async () => {
    const secret = await createKey(tenantA, 'viewer', 'usage probe');
    await api('GET', '/me', { key: secret });
    const listed = await api('GET', `/admin/tenants/${tenantA}/api-keys`, { key: adminA });
    const entry = listed.body.items.find((key: { name: string }) => key.name === 'usage probe');
    expect(entry.last_used_at).toEqual(expect.any(String));
  });
});

describe('audit trail', () => {
  let tenant: string;
  let adminKey: string;
  let otherAdmin: string;

  beforeAll(async () => {
    tenant = await createTenant();
    adminKey = await createKey(tenant, 'admin');
    otherAdmin = await createKey(await createTenant(), 'admin');
    await api('PATCH', `/admin/tenants/${tenant}`, { key: adminKey, body: { time_zone: 'Asia/Tokyo' } });
  });

  it('records who did what, with before and after, newest first', async () => {
    const response = await api('GET', `/admin/audit?tenant_id=${tenant}`);
    expect(response.status).toBe(200);
    const actions = response.body.items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(['tenant.updated', 'api_key.created', 'tenant.created']);
    const update = response.body.items[0];
    expect(update.before.time_zone).toBe('UTC');
    expect(update.after.time_zone).toBe('Asia/Tokyo');
    expect(update.actor).toMatchObject({ role: 'admin', tenant_id: tenant });
    expect(update.request_id).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toMatch(/secret_hash/);
  });

  it("shows a tenant admin only its own tenant's trail", async () => {
    const own = await api('GET', '/admin/audit', { key: adminKey });
    expect(own.status).toBe(200);
    expect(own.body.items.every((item: { tenant_id: string }) => item.tenant_id === tenant)).toBe(true);
    expectProblem(await api('GET', `/admin/audit?tenant_id=${tenant}`, { key: otherAdmin }), 404);
    expectProblem(await api('GET', '/admin/audit/verify', { key: await createKey(tenant, 'operator') }), 403);
    expectProblem(await api('GET', '/admin/audit?tenant_id=platform', { key: adminKey }), 404);
  });

  it('filters by time', async () => {
    const future = await api('GET', `/admin/audit?tenant_id=${tenant}&from=2999-01-01T00:00:00Z`);
    expect(future.body.items).toEqual([]);
    const unfiltered = await api('GET', `/admin/audit?tenant_id=${tenant}`);
    const all = await api(
      'GET',
      `/admin/audit?tenant_id=${tenant}&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`,
    );
    expect(all.body.items).toEqual(unfiltered.body.items);
    const oldest = unfiltered.body.items.at(-1);
    const onlyFirst = await api('GET', `/admin/audit?tenant_id=${tenant}&to=${oldest.occurred_at}`);
    expect(onlyFirst.body.items.map((item: { seq: number }) => item.seq)).toEqual([1]);
    expectProblem(await api('GET', `/admin/audit?tenant_id=${tenant}&from=yesterday`), 400);
  });

  it('verifies an intact chain and finds the first broken link after tampering', async () => {
    const chainTenant = await createTenant();
    await createKey(chainTenant, 'viewer');
    await createKey(chainTenant, 'operator');
    const intact = await api('GET', `/admin/audit/verify?tenant_id=${chainTenant}`);
    expect(intact.body).toEqual({ tenant_id: chainTenant, ok: true, checked: 3, first_broken: null });

    await dynamo.send(
      new UpdateCommand({
        TableName: stack.tables.audit,
        Key: { pk: `TENANT#${chainTenant}`, sk: 'SEQ#000000000002' },
        UpdateExpression: 'SET #action = :forged',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: { ':forged': 'nothing.happened' },
      }),
    );
    const modified = await api('GET', `/admin/audit/verify?tenant_id=${chainTenant}`);
    expect(modified.body.ok).toBe(false);
    expect(modified.body.first_broken.seq).toBe(2);
    expect(modified.body.first_broken.reason).toMatch(/modified/);
  });

  it('detects a removed record', async () => {
    const chainTenant = await createTenant();
    await createKey(chainTenant, 'viewer');
    await createKey(chainTenant, 'viewer');
    await dynamo.send(
      new DeleteCommand({
        TableName: stack.tables.audit,
        Key: { pk: `TENANT#${chainTenant}`, sk: 'SEQ#000000000002' },
      }),
    );
    const result = await api('GET', `/admin/audit/verify?tenant_id=${chainTenant}`);
    expect(result.body).toMatchObject({ ok: false, checked: 1, first_broken: { seq: 2 } });
    expect(result.body.first_broken.reason).toMatch(/missing/);
  });

  it('keeps the chain whole under concurrent writes', async () => {
    const chainTenant = await createTenant();
    await Promise.all(
      Array.from({ length: 8 }, (_, index) => createKey(chainTenant, 'viewer', `parallel ${index}`)),
    );
    const result = await api('GET', `/admin/audit/verify?tenant_id=${chainTenant}`);
    expect(result.body).toEqual({ tenant_id: chainTenant, ok: true, checked: 9, first_broken: null });
  });
});
