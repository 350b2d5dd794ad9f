import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, expectProblem } from './support/api';
import { auditActions, seedChannel } from './support/alerts';

describe('alert rules API', () => {
  let tenant: string;
  let otherTenant: string;
  let admin: string;
  let operator: string;
  let viewer: string;
  let otherAdmin: string;
  let platformAdmin: string;
  let platformOperator: string;
  let channel: string;
  let escalationChannel: string;

  beforeAll(async () => {
    tenant = await createTenant();
    otherTenant = await createTenant();
    admin = await createKey(tenant, 'admin');
    operator = await createKey(tenant, 'operator');
    viewer = await createKey(tenant, 'viewer');
    otherAdmin = await createKey(otherTenant, 'admin');
    platformAdmin = await createKey('platform', 'admin');
    platformOperator = await createKey('platform', 'operator');
    channel = await seedChannel(tenant);
    escalationChannel = await seedChannel(tenant);
  });

  it('creates a rule with the type defaults, lists it, replaces it and deletes it, each audited', async () => {
    const created = await api('POST', '/alerts/config', {
      key: admin,
      body: { alert_type: 'ERROR_RATE_HIGH', channels: [channel] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenant_id: tenant,
      alert_type: 'ERROR_RATE_HIGH',
      enabled: true,
      threshold_value: 5,
      threshold_unit: 'percent',
      window_minutes: 5,
      severity: 'HIGH',
      channels: [channel],
      quiet_hours: null,
      escalation: null,
      renotify_interval_minutes: null,
    });
    const configId = created.body.config_id as string;

    const listed = await api('GET', '/alerts/config', { key: operator });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((rule: { config_id: string }) => rule.config_id)).toEqual([configId]);

    const updated = await api('PUT', `/alerts/config/${configId}`, {
      key: admin,
      body: {
        threshold_value: 10,
        severity: 'CRITICAL',
        scope: { worker_type: 'triage' },
        channels: [channel],
        quiet_hours: { time_zone: 'Europe/Berlin', days: ['sat', 'sun'], start: '22:00', end: '07:00' },
        escalation: { after_minutes: 30, channels: [escalationChannel] },
        renotify_interval_minutes: 60,
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      config_id: configId,
      alert_type: 'ERROR_RATE_HIGH',
      threshold_value: 10,
      severity: 'CRITICAL',
      scope: { worker_type: 'triage' },
      quiet_hours: { time_zone: 'Europe/Berlin', days: ['sat', 'sun'], start: '22:00', end: '07:00' },
      escalation: { after_minutes: 30, channels: [escalationChannel] },
      renotify_interval_minutes: 60,
      created_at: created.body.created_at,
    });

    const deleted = await api('DELETE', `/alerts/config/${configId}`, { key: admin });
    expect(deleted.status).toBe(204);
    expect((await api('GET', '/alerts/config', { key: operator })).body.items).toEqual([]);
    expect(await auditActions(tenant)).toEqual(
      expect.arrayContaining(['alert_rule.created', 'alert_rule.updated', 'alert_rule.deleted']),
    );
  });

  it('keeps one rule per owner and type (409), and frees the type on delete', async () => {
    const first = await api('POST', '/alerts/config', { key: admin, body: { alert_type: 'DLQ_GROWTH' } });
    expect(first.status).toBe(201);
    expectProblem(
      await api('POST', '/alerts/config', { key: admin, body: { alert_type: 'DLQ_GROWTH' } }),
      409,
      'conflict',
    );
    expect((await api('DELETE', `/alerts/config/${first.body.config_id}`, { key: admin })).status).toBe(204);
    const again = await api('POST', '/alerts/config', { key: admin, body: { alert_type: 'DLQ_GROWTH' } });
    expect(again.status).toBe(201);
    await api('DELETE', `/alerts/config/${again.body.config_id}`, { key: admin });
  });

  it('rejects bad input with RFC 9457 problems and changes nothing', async () => {
    const before = await auditActions(tenant);
    const bad: unknown[] = [
      { alert_type: 'CPU_HIGH' },
      { alert_type: 'ERROR_RATE_HIGH', threshold_value: 150 },
      { alert_type: 'ERROR_RATE_HIGH', threshold_unit: 'entries' },
      { alert_type: 'WORKER_UNHEALTHY', threshold_value: 2.5 },
      { alert_type: 'SLA_IMMINENT', threshold_value: 100 },
      { alert_type: 'DLQ_GROWTH', window_minutes: 10 },
      { alert_type: 'SLA_BREACH', scope: { worker_type: 'triage' } },
      { alert_type: 'ERROR_RATE_HIGH', channels: [ulid()] },
      { alert_type: 'ERROR_RATE_HIGH', channels: ['not-an-id'] },
      { alert_type: 'ERROR_RATE_HIGH', channels: [channel, channel] },
      { alert_type: 'ERROR_RATE_HIGH', escalation: { after_minutes: 5, channels: [] } },
      { alert_type: 'ERROR_RATE_HIGH', escalation: { after_minutes: 5, channels: [ulid()] } },
      {
        alert_type: 'ERROR_RATE_HIGH',
        quiet_hours: { time_zone: 'Mars/Base', start: '22:00', end: '06:00' },
      },
      { alert_type: 'ERROR_RATE_HIGH', quiet_hours: { time_zone: 'UTC', start: '25:00', end: '06:00' } },
      { alert_type: 'ERROR_RATE_HIGH', quiet_hours: { time_zone: 'UTC', start: '06:00', end: '06:00' } },
      { alert_type: 'ERROR_RATE_HIGH', renotify_interval_minutes: 0 },
      { alert_type: 'ERROR_RATE_HIGH', severity: 'URGENT' },
      { alert_type: 'ERROR_RATE_HIGH', surprise: true },
    ];
    for (const body of bad) {
      const response = await api('POST', '/alerts/config', { key: admin, body });
      expectProblem(response, 400, 'validation-error');
    }
    expectProblem(
      await api('POST', '/alerts/config', { key: admin, raw: '{"alert_type":' }),
      400,
      'malformed-json',
    );
    // A channel of another tenant does not exist for this one.
    const foreign = await seedChannel(otherTenant);
    expectProblem(
      await api('POST', '/alerts/config', {
        key: admin,
        body: { alert_type: 'ERROR_RATE_HIGH', channels: [foreign] },
      }),
      400,
    );
    const created = await api('POST', '/alerts/config', {
      key: admin,
      body: { alert_type: 'THROUGHPUT_LOW' },
    });
    const configId = created.body.config_id as string;
    expectProblem(
      await api('PUT', `/alerts/config/${configId}`, { key: admin, body: { alert_type: 'SLA_BREACH' } }),
      400,
    );
    expectProblem(
      await api('PUT', `/alerts/config/${configId}`, { key: admin, body: { threshold_value: -1 } }),
      400,
    );
    expectProblem(await api('PUT', '/alerts/config/not-a-ulid', { key: admin, body: {} }), 400);
    const unchanged = await api('GET', '/alerts/config', { key: operator });
    expect(unchanged.body.items).toEqual([created.body]);
    expect((await auditActions(tenant)).length).toBe(before.length + 1);
    await api('DELETE', `/alerts/config/${configId}`, { key: admin });
  });

  it('needs operator to read and admin to change (403), and keeps tenants apart (404)', async () => {
    const created = await api('POST', '/alerts/config', { key: admin, body: { alert_type: 'SLA_BREACH' } });
    const configId = created.body.config_id as string;
    expectProblem(await api('GET', '/alerts/config', { key: viewer }), 403, 'forbidden');
    expectProblem(
      await api('POST', '/alerts/config', { key: operator, body: { alert_type: 'SLA_IMMINENT' } }),
      403,
    );
    expectProblem(await api('PUT', `/alerts/config/${configId}`, { key: operator, body: {} }), 403);
    expectProblem(await api('DELETE', `/alerts/config/${configId}`, { key: operator }), 403);
    expectProblem(await api('GET', '/alerts/config', { key: null }), 401);

    // Another tenant's admin: naming this tenant is 404, and the rule id is unknown in its own tenant.
    expectProblem(await api('GET', `/alerts/config?tenant_id=${tenant}`, { key: otherAdmin }), 404);
    expectProblem(
      await api('POST', '/alerts/config', {
        key: otherAdmin,
        body: { tenant_id: tenant, alert_type: 'SLA_IMMINENT' },
      }),
      404,
    );
    expectProblem(await api('PUT', `/alerts/config/${configId}`, { key: otherAdmin, body: {} }), 404);
    expectProblem(await api('DELETE', `/alerts/config/${configId}`, { key: otherAdmin }), 404);
    expectProblem(await api('GET', '/alerts/config?tenant_id=platform', { key: otherAdmin }), 404);
    expect((await api('GET', '/alerts/config', { key: otherAdmin })).body.items).toEqual([]);

    // Platform principals name the owner; without it the call is 400, with an unknown tenant 404.
    expectProblem(await api('GET', '/alerts/config', { key: platformOperator }), 400);
    expectProblem(
      await api('GET', '/alerts/config?tenant_id=no-such-tenant', { key: platformOperator }),
      404,
    );
    const platformList = await api('GET', `/alerts/config?tenant_id=${tenant}`, { key: platformOperator });
    expect(platformList.body.items.map((rule: { config_id: string }) => rule.config_id)).toEqual([configId]);
    expectProblem(
      await api('DELETE', `/alerts/config/${configId}?tenant_id=${tenant}`, { key: platformOperator }),
      403,
    );
    expect(
      (await api('DELETE', `/alerts/config/${configId}?tenant_id=${tenant}`, { key: platformAdmin })).status,
    ).toBe(204);
  });

  it('lets platform admins keep platform-scope rules (fleet-wide types only) with platform channels', async () => {
    const platformChannel = await seedChannel('platform');
    expectProblem(
      await api('POST', '/alerts/config', {
        key: platformAdmin,
        body: { tenant_id: 'platform', alert_type: 'SLA_BREACH' },
      }),
      400,
    );
    expectProblem(
      await api('POST', '/alerts/config', {
        key: platformAdmin,
        body: { tenant_id: 'platform', alert_type: 'ERROR_RATE_HIGH', channels: [channel] },
      }),
      400,
    );
    const created = await api('POST', '/alerts/config', {
      key: platformAdmin,
      body: {
        tenant_id: 'platform',
        alert_type: 'THROUGHPUT_LOW',
        severity: 'CRITICAL',
        channels: [platformChannel],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenant_id: 'platform',
      threshold_value: 50,
      threshold_unit: 'percent_drop',
    });
    expect(await auditActions('platform')).toContain('alert_rule.created');
    const deleted = await api('DELETE', `/alerts/config/${created.body.config_id}?tenant_id=platform`, {
      key: platformAdmin,
    });
    expect(deleted.status).toBe(204);
  });
});
