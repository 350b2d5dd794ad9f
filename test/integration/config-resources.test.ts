import { beforeAll, describe, expect, it } from 'vitest';
import {
  configExamples,
  examplePlaybook,
  examplePolicyPack,
  exampleTool,
} from '../../shared/config-resources/config-resource-examples';
import { CONFIG_KINDS } from '../../shared/config-resources/config-resource-schemas';
import {
  api,
  createKey,
  createTenant,
  expectProblem,
  uniqueTenantId,
  useStackInThisProcess,
} from './support/api';

/**
 * The exported services (`applyConfigVersion`, `getActivePolicyPack`) run in this process against
 * the stack's DynamoDB Local, as the governance workflow and the exceptions ingest will call them.
 */
async function importServices() {
  useStackInThisProcess();
  return import('../../shared/config-resources/config-resource-service');
}

const actor = { key_id: 'governance-test', name: 'governance', role: 'admin', tenant_id: null };

async function auditActions(tenantId: string, resourceId: string): Promise<any[]> {
  const audit = await api('GET', `/admin/audit?tenant_id=${tenantId}&limit=200`);
  expect(audit.status).toBe(200);
  return audit.body.items.filter((record: any) => record.resource.id === resourceId);
}

describe('config resources', () => {
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let operatorA: string;
  let viewerA: string;
  let adminB: string;
  let platformViewer: string;
  let platformAdmin: string;
  let ingestKey: string;

  beforeAll(async () => {
    tenantA = await createTenant(uniqueTenantId('cfg-a'));
    tenantB = await createTenant(uniqueTenantId('cfg-b'));
    [adminA, operatorA, viewerA, adminB, platformViewer, platformAdmin, ingestKey] = await Promise.all([
      createKey(tenantA, 'admin'),
      createKey(tenantA, 'operator'),
      createKey(tenantA, 'viewer'),
      createKey(tenantB, 'admin'),
      createKey('platform', 'viewer'),
      createKey('platform', 'admin'),
      createKey('platform', 'ingest'),
    ]);
    // Tools first: the playbook example refers to the tool retry-payment.
    for (const kind of ['tools', 'domain-packs', 'policy-packs', 'playbooks'] as const) {
      const { resourceId, content } = configExamples[kind];
      const created = await api('POST', `/config/${kind}/${resourceId}`, {
        key: adminA,
        body: { content, reason: 'initial import' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });

  it('creates version 1 of every kind and reads it back as the active version', async () => {
    const id = 'refund-payment';
    const created = await api('POST', `/config/tools/${id}`, {
      key: adminA,
      body: { content: { ...exampleTool, name: 'Refund', approval_required: true } },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/config/tools/${id}?tenant_id=${tenantA}`);
    expect(created.body).toMatchObject({
      tenant_id: tenantA,
      kind: 'tools',
      resource_id: id,
      name: 'Refund',
      active_version: 1,
      latest_version: 1,
      content: { approval_required: true, endpoint_kind: 'http' },
    });
    const read = await api('GET', `/config/tools/${id}`, { key: viewerA });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    for (const kind of CONFIG_KINDS) {
      const { resourceId, content } = configExamples[kind];
      const resource = await api('GET', `/config/${kind}/${resourceId}`, { key: viewerA });
      expect(resource.status, kind).toBe(200);
      expect(resource.body.content, kind).toEqual(content);
    }
  });

  it('lists resources with pagination', async () => {
    const first = await api('GET', '/config/tools?limit=1', { key: viewerA });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    expect(Object.keys(first.body.items[0]).sort()).toEqual(
      [
        'active_version',
        'created_at',
        'kind',
        'latest_version',
        'name',
        'resource_id',
        'tenant_id',
        'updated_at',
      ].sort(),
    );
    const second = await api('GET', `/config/tools?limit=1&cursor=${first.body.next_cursor}`, {
      key: viewerA,
    });
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((item: any) => item.resource_id);
    expect(ids).toEqual(['refund-payment', 'retry-payment']);
    const domainPacks = await api('GET', '/config/domain-packs', { key: viewerA });
    expect(domainPacks.body).toEqual({
      items: [expect.objectContaining({ resource_id: 'payments', name: 'Payments', active_version: 1 })],
      next_cursor: null,
    });
    expectProblem(await api('GET', '/config/tools?cursor=bogus', { key: viewerA }), 400, 'invalid-cursor');
    // A cursor of tenant A's listing is refused for tenant B's.
    expectProblem(
      await api('GET', `/config/tools?limit=1&cursor=${first.body.next_cursor}`, { key: adminB }),
      400,
      'invalid-cursor',
    );
  });

  it('lists versions newest first and reads single versions', async () => {
    const versions = await api('GET', '/config/policy-packs/default/versions', { key: viewerA });
    expect(versions.status).toBe(200);
    expect(versions.body.next_cursor).toBeNull();
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        name: examplePolicyPack.name,
        reason: 'initial import',
        content_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        created_by: expect.objectContaining({ role: 'admin', tenant_id: tenantA }),
      }),
    ]);
    expect(versions.body.items[0].content).toBeUndefined();
    const one = await api('GET', '/config/policy-packs/default/versions/1', { key: viewerA });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: 1, content: examplePolicyPack });
    expectProblem(
      await api('GET', '/config/policy-packs/default/versions/2', { key: viewerA }),
      404,
      'not-found',
    );
    expectProblem(
      await api('GET', '/config/policy-packs/nothing/versions', { key: viewerA }),
      404,
      'not-found',
    );
    expectProblem(await api('GET', '/config/policy-packs/default/versions/zero', { key: viewerA }), 400);
  });

  it('refuses a second version 1 with 409 (later versions go through governance)', async () => {
    const again = await api('POST', '/config/policy-packs/default', {
      key: adminA,
      body: { content: { ...examplePolicyPack, name: 'Another' } },
    });
    expectProblem(again, 409, 'conflict');
    const resource = await api('GET', '/config/policy-packs/default', { key: viewerA });
    expect(resource.body).toMatchObject({ active_version: 1, name: examplePolicyPack.name });
  });

  it('lets exactly one of two concurrent creations win', async () => {
    const id = 'racing-pack';
    const attempts = await Promise.all(
      [1, 2].map((n) =>
        api('POST', `/config/domain-packs/${id}`, {
          key: adminA,
          body: { content: { ...configExamples['domain-packs'].content, name: `Racer ${n}` } },
        }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status).sort()).toEqual([201, 409]);
    expectProblem(
      attempts.find((attempt) => attempt.status === 409)!,
      409,
      'conflict',
    );
    const versions = await api('GET', `/config/domain-packs/${id}/versions`, { key: viewerA });
    expect(versions.body.items).toHaveLength(1);
    expect((await auditActions(tenantA, id)).map((record) => record.action)).toEqual([
      'config.version_applied',
    ]);
  });

  it('audits the creation with its content in the same transaction', async () => {
    const [record] = await auditActions(tenantA, 'default');
    expect(record).toMatchObject({
      action: 'config.version_applied',
      resource: { type: 'policy_pack', id: 'default' },
      before: null,
      after: { kind: 'policy-packs', version: 1, content: examplePolicyPack, reason: 'initial import' },
      actor: { role: 'admin', tenant_id: tenantA },
    });
    const verification = await api('GET', `/admin/audit/verify?tenant_id=${tenantA}`);
    expect(verification.body.ok).toBe(true);
  });

  it('rejects invalid input with 400 problems and writes nothing', async () => {
    const cases: { path: string; body?: unknown; raw?: string; slug: string; field?: string }[] = [
      {
        path: '/config/widgets/x',
        body: { content: exampleTool },
        slug: 'validation-error',
        field: 'path.kind',
      },
      {
        path: '/config/tools/Bad_Id',
        body: { content: exampleTool },
        slug: 'validation-error',
        field: 'path.resource_id',
      },
      { path: '/config/tools/bad-1', raw: '{"content": ', slug: 'malformed-json' },
      {
        path: '/config/tools/bad-2',
        body: { content: exampleTool, extra: 1 },
        slug: 'validation-error',
        field: 'body',
      },
      { path: '/config/tools/bad-3', body: {}, slug: 'validation-error', field: 'body.content' },
      {
        path: '/config/tools/bad-4',
        body: { content: { ...exampleTool, approval_required: 'yes' } },
        slug: 'validation-error',
        field: 'body.content.approval_required',
      },
      {
        path: '/config/policy-packs/bad-5',
        body: { content: { ...examplePolicyPack, time_zone: 'Mars/Olympus' } },
        slug: 'validation-error',
        field: 'body.content.time_zone',
      },
      {
        path: '/config/policy-packs/bad-6',
        body: {
          content: { ...examplePolicyPack, business_hours: { days: [8], start: '09:00', end: '17:00' } },
        },
        slug: 'validation-error',
        field: 'body.content.business_hours.days.0',
      },
      {
        // A tool's content is not a playbook's.
        path: '/config/playbooks/bad-7',
        body: { content: exampleTool },
        slug: 'validation-error',
      },
      {
        path: '/config/playbooks/bad-8',
        body: { content: { ...examplePlaybook, steps: [{ type: 'tool', tool_id: 'no-such-tool' }] } },
        slug: 'validation-error',
        field: 'body.content.steps.0.tool_id',
      },
      { path: '/config/tools/bad-9?tenant_id=', body: { content: exampleTool }, slug: 'validation-error' },
      { path: '/config/tools/bad-10?colour=blue', body: { content: exampleTool }, slug: 'validation-error' },
    ];
    for (const testCase of cases) {
      const response = await api('POST', testCase.path, {
        key: adminA,
        body: testCase.body,
        raw: testCase.raw,
      });
      expectProblem(response, 400, testCase.slug);
      if (testCase.field) {
        expect(response.body.errors, testCase.path).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: testCase.field })]),
        );
      }
    }
    for (const [kind, id] of [
      ['tools', 'bad-2'],
      ['tools', 'bad-4'],
      ['policy-packs', 'bad-5'],
      ['policy-packs', 'bad-6'],
      ['playbooks', 'bad-7'],
      ['playbooks', 'bad-8'],
    ]) {
      expectProblem(await api('GET', `/config/${kind}/${id}`, { key: adminA }), 404, 'not-found');
    }
    const audit = await api('GET', `/admin/audit?tenant_id=${tenantA}&limit=200`);
    expect(audit.body.items.filter((record: any) => /^bad-/.test(record.resource.id))).toEqual([]);
  });

  it('requires platform principals to name an existing tenant', async () => {
    expectProblem(await api('GET', '/config/tools', { key: platformViewer }), 400, 'validation-error');
    const listed = await api('GET', `/config/tools?tenant_id=${tenantA}`, { key: platformViewer });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: any) => item.resource_id)).toContain('retry-payment');
    expectProblem(await api('GET', '/config/tools?tenant_id=no-such-tenant', { key: platformViewer }), 404);
    const created = await api('POST', `/config/tools/platform-made?tenant_id=${tenantB}`, {
      key: platformAdmin,
      body: { content: exampleTool },
    });
    expect(created.status).toBe(201);
    expect(created.body.tenant_id).toBe(tenantB);
    const seenByB = await api('GET', '/config/tools/platform-made', { key: adminB });
    expect(seenByB.status).toBe(200);
    expectProblem(
      await api('POST', '/config/tools/x?tenant_id=no-such-tenant', {
        key: platformAdmin,
        body: { content: exampleTool },
      }),
      404,
      'not-found',
    );
  });

  it('keeps tenants apart: naming another tenant gives 404', async () => {
    const foreign = [
      ['GET', `/config/tools?tenant_id=${tenantB}`],
      ['GET', `/config/tools/retry-payment?tenant_id=${tenantB}`],
      ['GET', `/config/tools/retry-payment/versions?tenant_id=${tenantB}`],
      ['GET', `/config/tools/retry-payment/versions/1?tenant_id=${tenantB}`],
      ['POST', `/config/tools/sneaky?tenant_id=${tenantB}`],
    ] as const;
    for (const [method, path] of foreign) {
      const response = await api(method, path, {
        key: adminA,
        ...(method === 'POST' ? { body: { content: exampleTool } } : {}),
      });
      expectProblem(response, 404, 'not-found');
    }
    // B's own view holds none of A's resources.
    expectProblem(await api('GET', '/config/policy-packs/default', { key: adminB }), 404, 'not-found');
    expectProblem(await api('GET', '/config/tools/sneaky', { key: adminB }), 404, 'not-found');
    const listedByB = await api('GET', '/config/tools', { key: adminB });
    expect(listedByB.body.items.map((item: any) => item.resource_id)).toEqual(['platform-made']);
  });

  it('enforces roles: viewers read, admins write, ingest keys do neither', async () => {
    for (const key of [viewerA, operatorA]) {
      expectProblem(
        await api('POST', '/config/tools/by-non-admin', { key, body: { content: exampleTool } }),
        403,
        'forbidden',
      );
    }
    expectProblem(
      await api('POST', `/config/tools/by-viewer?tenant_id=${tenantA}`, {
        key: platformViewer,
        body: { content: exampleTool },
      }),
      403,
      'forbidden',
    );
    for (const path of [
      `/config/tools?tenant_id=${tenantA}`,
      `/config/tools/retry-payment?tenant_id=${tenantA}`,
      `/config/tools/retry-payment/versions?tenant_id=${tenantA}`,
      `/config/tools/retry-payment/versions/1?tenant_id=${tenantA}`,
    ]) {
      expectProblem(await api('GET', path, { key: ingestKey }), 403, 'forbidden');
    }
    expectProblem(
      await api('POST', `/config/tools/by-ingest?tenant_id=${tenantA}`, {
        key: ingestKey,
        body: { content: exampleTool },
      }),
      403,
      'forbidden',
    );
    expectProblem(await api('GET', '/config/tools', { key: null }), 401, 'unauthorized');
    expectProblem(await api('GET', '/config/tools/by-non-admin', { key: adminA }), 404);
  });
});

describe('applying later versions (the governance service call)', () => {
  let tenantId: string;
  let viewer: string;

  beforeAll(async () => {
    tenantId = await createTenant(uniqueTenantId('cfg-apply'));
    viewer = await createKey(tenantId, 'viewer');
  });

  it('applies version 2 on top of version 1 and moves the active pointer', async () => {
    const { applyConfigVersion, getActivePolicyPack } = await importServices();
    expect(await getActivePolicyPack(tenantId)).toBeNull();
    const v1 = await applyConfigVersion(tenantId, 'policy-packs', 'default', examplePolicyPack, {
      actor,
      requestId: 'apply-1',
      expectedVersion: 0,
    });
    expect(v1.active_version).toBe(1);
    const changed = {
      ...examplePolicyPack,
      sla_clock: 'calendar',
      sla_targets: { ...examplePolicyPack.sla_targets, LOW: 10 },
    };
    const v2 = await applyConfigVersion(tenantId, 'policy-packs', 'default', changed, {
      actor,
      requestId: 'apply-2',
      expectedVersion: 1,
      reason: 'change request 42',
    });
    expect(v2).toMatchObject({ active_version: 2, latest_version: 2, created_at: v1.created_at });

    const active = await getActivePolicyPack(tenantId);
    expect(active).toEqual({ resource_id: 'default', version: 2, content: changed });
    const read = await api('GET', '/config/policy-packs/default', { key: viewer });
    expect(read.body).toMatchObject({
      active_version: 2,
      latest_version: 2,
      content: { sla_clock: 'calendar' },
    });
    const versions = await api('GET', '/config/policy-packs/default/versions', { key: viewer });
    expect(versions.body.items.map((version: any) => [version.version, version.reason])).toEqual([
      [2, 'change request 42'],
      [1, null],
    ]);
    const old = await api('GET', '/config/policy-packs/default/versions/1', { key: viewer });
    expect(old.body.content).toEqual(examplePolicyPack);

    const records = await auditActions(tenantId, 'default');
    expect(records[0]).toMatchObject({
      request_id: 'apply-2',
      before: { active_version: 1 },
      after: { version: 2, reason: 'change request 42' },
    });
  });

  it('refuses a stale expected version and lets only one of two concurrent appliers create a version', async () => {
    const { applyConfigVersion } = await importServices();
    const id = 'contested';
    await applyConfigVersion(tenantId, 'domain-packs', id, configExamples['domain-packs'].content, {
      actor,
      requestId: 'c-1',
      expectedVersion: 0,
    });
    await expect(
      applyConfigVersion(tenantId, 'domain-packs', id, configExamples['domain-packs'].content, {
        actor,
        requestId: 'c-stale',
        expectedVersion: 3,
      }),
    ).rejects.toMatchObject({ name: 'ConflictError', status: 409 });

    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        applyConfigVersion(
          tenantId,
          'domain-packs',
          id,
          { ...configExamples['domain-packs'].content, name: `Writer ${n}` },
          { actor, requestId: `c-race-${n}`, expectedVersion: 1 },
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'ConflictError' });
    }
    const versions = await api('GET', `/config/domain-packs/${id}/versions`, { key: viewer });
    expect(versions.body.items.map((version: any) => version.version)).toEqual([2, 1]);
    expect(await auditActions(tenantId, id)).toHaveLength(2);
  });

  it('validates content given to the service call', async () => {
    const { applyConfigVersion } = await importServices();
    await expect(
      applyConfigVersion(
        tenantId,
        'tools',
        'broken',
        { name: 'x' },
        { actor, requestId: 'v-1', expectedVersion: 0 },
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      errors: expect.arrayContaining([expect.objectContaining({ path: 'content.description' })]),
    });
  });
});
