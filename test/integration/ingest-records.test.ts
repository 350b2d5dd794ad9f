import { randomBytes } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, dynamo, expectProblem, stack } from './support/api';

const id = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

async function getItem(table: string, pk: string, sk: string) {
  return (await dynamo.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item;
}

const exception = (tenantId: string, overrides: Record<string, unknown> = {}) => ({
  exception_id: id('exc'),
  tenant_id: tenantId,
  type: 'PAYMENT_MISMATCH',
  severity: 'HIGH',
  source_system: 'SAP',
  status: 'OPEN',
  created_at: '2026-11-27T10:00:00Z',
  ...overrides,
});

describe('ingest of exceptions, events, DLQ entries and facts', () => {
  let tenant: string;
  let otherTenant: string;
  let ingestKey: string;
  const queueUrl = `${stack.endpoints.sqs}/000000000000/opsdeck-fleet-triage`;

  beforeAll(async () => {
    tenant = await createTenant();
    otherTenant = await createTenant();
    ingestKey = await createKey('platform', 'ingest');
    const declared = await api('PUT', `/admin/destinations/${id('dest')}`, {
      body: { kind: 'sqs', address: queueUrl },
    });
    expect(declared.status).toBeLessThan(300);
  });

  it('computes the SLA deadline from the platform default, keeps it on updates, and ignores stale or repeated reports', async () => {
    const record = exception(tenant, { severity: 'CRITICAL' });
    const first = await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items: [record] } });
    expect(first.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const key = [stack.tables.sla, `TENANT#${tenant}#EXC#${record.exception_id}`, 'META'] as const;
    const stored = await getItem(...key);
    expect(stored).toMatchObject({
      sla_deadline: '2026-11-27T11:00:00.000Z',
      sla_source: 'platform_default',
    });

    const again = await api('POST', '/ingest/exceptions', {
      key: ingestKey,
      body: { items: [record, record] },
    });
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });

    const resolved = { ...record, status: 'RESOLVED', resolved_at: '2026-11-27T10:40:00Z' };
    expect(
      (await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items: [resolved] } })).body
        .accepted,
    ).toBe(1);
    const late = { ...record, status: 'IN_PROGRESS' };
    expect(
      (await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items: [late] } })).body,
    ).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    expect(await getItem(...key)).toMatchObject({
      status: 'RESOLVED',
      sla_deadline: '2026-11-27T11:00:00.000Z',
    });
  });

  it("uses the tenant's active policy pack for the deadline", async () => {
    const packTenant = await createTenant();
    const pack = await api('POST', `/config/policy-packs/default?tenant_id=${packTenant}`, {
      body: {
        content: {
          name: 'Default',
          time_zone: 'Europe/Berlin',
          business_hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          sla_clock: 'calendar',
          sla_targets: { LOW: 600, MEDIUM: 300, HIGH: 120, CRITICAL: 30 },
          rules: [],
        },
      },
    });
    expect(pack.status).toBe(201);
    const record = exception(packTenant, { severity: 'HIGH' });
    await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items: [record] } });
    expect(
      await getItem(stack.tables.sla, `TENANT#${packTenant}#EXC#${record.exception_id}`, 'META'),
    ).toMatchObject({
      sla_deadline: '2026-11-27T12:00:00.000Z',
      sla_source: 'policy_pack',
      policy_pack_version: 1,
    });
  });

  it('keeps a deadline the platform sends', async () => {
    const record = exception(tenant, { sla_deadline: '2026-11-30T00:00:00+01:00' });
    await api('POST', '/ingest/exceptions', { key: ingestKey, body: { items: [record] } });
    expect(
      await getItem(stack.tables.sla, `TENANT#${tenant}#EXC#${record.exception_id}`, 'META'),
    ).toMatchObject({
      sla_deadline: '2026-11-29T23:00:00.000Z',
      sla_source: 'reported',
    });
  });

  it('appends exception events once each', async () => {
    const exceptionId = id('exc');
    const events = ['StatusChanged', 'SLAImminent', 'Comment'].map((eventType, index) => ({
      event_id: id('ev'),
      exception_id: exceptionId,
      tenant_id: tenant,
      event_type: eventType,
      occurred_at: `2026-11-27T10:0${index}:00Z`,
      ...(eventType === 'StatusChanged' ? { status: 'IN_PROGRESS' } : {}),
      ...(eventType === 'Comment' ? { comment: 'customer called' } : {}),
    }));
    expect(
      (await api('POST', '/ingest/exception-events', { key: ingestKey, body: { items: events } })).body
        .accepted,
    ).toBe(3);
    expect(
      (await api('POST', '/ingest/exception-events', { key: ingestKey, body: { items: events } })).body,
    ).toEqual({
      accepted: 0,
      duplicates: 3,
      rejected: [],
    });
    const { Items } = await dynamo.send(
      new QueryCommand({
        TableName: stack.tables.sla,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenant}#EXC#${exceptionId}`, ':evt': 'EVT#' },
      }),
    );
    expect(Items).toHaveLength(3);
  });

  it('accepts DLQ entries only for declared destinations, once per event', async () => {
    const entry = (overrides: Record<string, unknown> = {}) => ({
      event_id: id('msg'),
      tenant_id: tenant,
      event_type: 'ExceptionTriaged',
      destination: { kind: 'sqs', address: queueUrl },
      payload: { exception_id: 'exc-1', amount: 12.5 },
      attributes: { trace: 'abc' },
      failure_reason: 'triage timed out',
      attempts: 3,
      failed_at: '2026-11-27T10:05:00Z',
      worker_type: 'triage',
      ...overrides,
    });
    const good = entry();
    const undeclared = entry({
      destination: { kind: 'sqs', address: `${stack.endpoints.sqs}/000000000000/somebody-else` },
    });
    const internal = entry({
      destination: { kind: 'http', address: 'http://169.254.169.254/latest/meta-data' },
    });
    const response = await api('POST', '/ingest/dlq', {
      key: ingestKey,
      body: { items: [good, undeclared, internal, good] },
    });
    expect(response.status).toBe(207);
    expect(response.body.accepted).toBe(1);
    expect(response.body.duplicates).toBe(1);
    expect(
      response.body.rejected.map((r: { index: number; type: string }) => [r.index, r.type.split('/').pop()]),
    ).toEqual([
      [1, 'undeclared-destination'],
      [2, 'undeclared-destination'],
    ]);
    const marker = await getItem(stack.tables.dlq, `TENANT#${tenant}#DLQEVT#${good.event_id}`, 'MARK');
    const stored = await getItem(stack.tables.dlq, `TENANT#${tenant}#DLQ#${marker!.dlq_id}`, 'META');
    expect(stored).toMatchObject({
      status: 'pending',
      payload: good.payload,
      attributes: { trace: 'abc' },
      attempts: 3,
    });
  });

  it('stores tool executions and policy decisions once', async () => {
    const execution = {
      execution_id: id('run'),
      tenant_id: tenant,
      tool_id: 'refund-tool',
      status: 'succeeded',
      started_at: '2026-11-27T10:00:00Z',
      finished_at: '2026-11-27T10:00:02Z',
    };
    const decision = {
      decision_id: id('dec'),
      tenant_id: tenant,
      exception_id: 'exc-1',
      policy_pack_id: 'default-policy',
      policy_pack_version: 1,
      decision: 'ALLOW',
      decided_at: '2026-11-27T10:00:01Z',
    };
    for (const [path, item] of [
      ['/ingest/tool-executions', execution],
      ['/ingest/policy-decisions', decision],
    ] as const) {
      expect((await api('POST', path, { key: ingestKey, body: { items: [item] } })).body.accepted).toBe(1);
      expect((await api('POST', path, { key: ingestKey, body: { items: [item] } })).body.duplicates).toBe(1);
      const broken = await api('POST', path, {
        key: ingestKey,
        body: { items: [{ ...item, tenant_id: 'Not A Tenant' }] },
      });
      expect(broken.status).toBe(207);
    }
  });

  it('applies batches that arrive on the ingest queue through the same path', async () => {
    const sqs = new SQSClient({
      endpoint: stack.endpoints.sqs,
      region: stack.region,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const record = exception(tenant);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.queues.ingest.url,
        MessageBody: JSON.stringify({ kind: 'exceptions', items: [record] }),
      }),
    );
    let stored: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 50 && !stored; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      stored = await getItem(stack.tables.sla, `TENANT#${tenant}#EXC#${record.exception_id}`, 'META');
    }
    expect(stored).toMatchObject({ exception_id: record.exception_id, sla_source: 'platform_default' });
    sqs.destroy();
  });

  describe('isolation and roles, for every ingest endpoint', () => {
    const samples: Record<string, (tenantId: string) => Record<string, unknown>> = {
      '/ingest/exceptions': (tenantId) => exception(tenantId),
      '/ingest/exception-events': (tenantId) => ({
        event_id: id('ev'),
        exception_id: 'exc-1',
        tenant_id: tenantId,
        event_type: 'Comment',
        occurred_at: '2026-11-27T10:00:00Z',
        comment: 'x',
      }),
      '/ingest/dlq': (tenantId) => ({
        event_id: id('msg'),
        tenant_id: tenantId,
        event_type: 'X',
        destination: { kind: 'sqs', address: queueUrl },
        payload: {},
        failure_reason: 'x',
        attempts: 1,
        failed_at: '2026-11-27T10:00:00Z',
        worker_type: 'tool',
      }),
      '/ingest/tool-executions': (tenantId) => ({
        execution_id: id('run'),
        tenant_id: tenantId,
        tool_id: 't',
        status: 'failed',
        started_at: '2026-11-27T10:00:00Z',
        finished_at: '2026-11-27T10:00:01Z',
      }),
      '/ingest/policy-decisions': (tenantId) => ({
        decision_id: id('dec'),
        tenant_id: tenantId,
        exception_id: 'e',
        policy_pack_id: 'p',
        policy_pack_version: 1,
        decision: 'DENY',
        decided_at: '2026-11-27T10:00:00Z',
      }),
    };

    for (const [path, sample] of Object.entries(samples)) {
      it(`${path}: a tenant admin writes its own tenant only; viewers and operators may not ingest`, async () => {
        const admin = await createKey(tenant, 'admin');
        const response = await api('POST', path, {
          key: admin,
          body: { items: [sample(tenant), sample(otherTenant)] },
        });
        expect(response.status).toBe(207);
        expect(response.body.accepted).toBe(1);
        expect(response.body.rejected).toEqual([
          expect.objectContaining({ index: 1, type: expect.stringMatching(/not-found$/) }),
        ]);
        expectProblem(
          await api('POST', path, {
            key: await createKey(tenant, 'operator'),
            body: { items: [sample(tenant)] },
          }),
          403,
        );
        expectProblem(await api('POST', path, { key: null, body: { items: [sample(tenant)] } }), 401);
        expectProblem(await api('POST', path, { key: ingestKey, body: { items: [] } }), 400);
      });
    }
  });
});
