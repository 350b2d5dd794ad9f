import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createKey, createTenant, expectProblem, stack } from './support/api';
import { TestReceiver, eventually, independentlyVerifies, signaturesOf } from './alert-delivery-receiver';

/**
 * Alert channels through the API on the local stack: CRUD, secrets, rotation, verification (real
 * webhooks to a loopback receiver, real e-mail into the SES emulator), SSRF-safe URLs, roles and
 * tenant isolation.
 */

let tenantA: string;
let tenantB: string;
const keys = {} as Record<
  'a_viewer' | 'a_operator' | 'a_admin' | 'b_admin' | 'platform_operator' | 'platform_admin',
  string
>;
const receiver = new TestReceiver();

beforeAll(async () => {
  tenantA = await createTenant();
  tenantB = await createTenant();
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    keys[`a_${role}`] = await createKey(tenantA, role);
  }
  keys.b_admin = await createKey(tenantB, 'admin');
  keys.platform_operator = await createKey('platform', 'operator');
  keys.platform_admin = await createKey('platform', 'admin');
  await receiver.up();
});

afterAll(async () => {
  await receiver.down();
});

const webhookBody = (path = '/hook', extra: Record<string, unknown> = {}) => ({
  channel_type: 'webhook',
  name: 'Ops webhook',
  url: `${receiver.url}${path}`,
  ...extra,
});

async function createWebhook(key: string, extra: Record<string, unknown> = {}, path = '/hook') {
  const response = await api('POST', '/alerts/channels', { key, body: webhookBody(path, extra) });
  if (response.status !== 201) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return response.body as { channel_id: string; secret: string; [key: string]: unknown };
}

const listFor = async (key: string, tenantId?: string) =>
  api('GET', `/alerts/channels${tenantId ? `?tenant_id=${tenantId}` : ''}`, { key });

describe('alert channel CRUD', () => {
  it('creates a webhook channel with a generated secret shown once, never listed', async () => {
    // Act
    const created = await api('POST', '/alerts/channels', { key: keys.a_admin, body: webhookBody() });

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/alerts/channels/${created.body.channel_id}`);
    expect(created.body).toMatchObject({
      tenant_id: tenantA,
      channel_type: 'webhook',
      name: 'Ops webhook',
      enabled: true,
      verified: false,
      verified_at: null,
      last_verification: null,
      url: `${receiver.url}/hook`,
      created_by: 'admin key',
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const listed = await listFor(keys.a_operator);
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((c: any) => c.channel_id === created.body.channel_id);
    expect(item).toMatchObject({ channel_id: created.body.channel_id, url: `${receiver.url}/hook` });
    expect(item).not.toHaveProperty('secret');
    expect(item).not.toHaveProperty('secrets');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.slice(6));
    expect(listed.body.next_cursor).toBeNull();
  });

  it('keeps a given secret and accepts e-mail channels; validates addresses', async () => {
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const webhook = await createWebhook(keys.a_admin, { secret });
    expect(webhook.secret).toBe(secret);

    const email = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'email', name: 'On-call', addresses: ['oncall@example.com', 'sre@example.com'] },
    });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({
      channel_type: 'email',
      addresses: ['oncall@example.com', 'sre@example.com'],
    });
    expect(email.body).not.toHaveProperty('secret');

    for (const addresses of [[], ['not-an-address'], ['a@example.com', 'a@example.com']]) {
      expectProblem(
        await api('POST', '/alerts/channels', {
          key: keys.a_admin,
          body: { channel_type: 'email', name: 'bad', addresses },
        }),
        400,
        'validation-error',
      );
    }
  });

  it('updates name, enabled and URL (a new URL clears verified), and deletes', async () => {
    const channel = await createWebhook(keys.a_admin);
    await api('POST', `/alerts/channels/${channel.channel_id}/verify`, { key: keys.a_admin });

    const renamed = await api('PUT', `/alerts/channels/${channel.channel_id}`, {
      key: keys.a_admin,
      body: { name: 'Renamed', enabled: false },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', enabled: false, verified: true });
    expect(renamed.body).not.toHaveProperty('secret');

    const moved = await api('PUT', `/alerts/channels/${channel.channel_id}`, {
      key: keys.a_admin,
      body: { url: `${receiver.url}/moved` },
    });
    expect(moved.body).toMatchObject({ url: `${receiver.url}/moved`, verified: false, verified_at: null });

    expect(
      (await api('DELETE', `/alerts/channels/${channel.channel_id}`, { key: keys.a_admin })).status,
    ).toBe(204);
    const listed = await listFor(keys.a_admin);
    expect(listed.body.items.map((c: any) => c.channel_id)).not.toContain(channel.channel_id);
    expectProblem(await api('DELETE', `/alerts/channels/${channel.channel_id}`, { key: keys.a_admin }), 404);
  });

  it('records every change in the audit trail without the secret', async () => {
    const channel = await createWebhook(keys.a_admin);
    const audit = await api('GET', `/admin/audit?tenant_id=${tenantA}&limit=200`, {
      key: keys.platform_admin,
    });
    expect(audit.status).toBe(200);
    const created = audit.body.items.find(
      (event: any) => event.action === 'alert_channel.created' && event.resource.id === channel.channel_id,
    );
    expect(created).toBeDefined();
    expect(JSON.stringify(audit.body)).not.toContain(channel.secret.slice(6));
  });

  it('rejects bad input with RFC 9457 problems and changes nothing', async () => {
    const before = (await listFor(keys.a_admin)).body.items.length;
    const cases: unknown[] = [
      {},
      { channel_type: 'sms', name: 'x', url: 'https://example.com' },
      { channel_type: 'webhook', name: '', url: `${receiver.url}/x` },
      { channel_type: 'webhook', name: 'x', url: `${receiver.url}/x`, unexpected: true },
      { channel_type: 'webhook', name: 'x', url: `${receiver.url}/x`, secret: 'plain-secret' },
      { channel_type: 'webhook', name: 'x', url: `${receiver.url}/x`, secret: 'whsec_c2hvcnQ=' },
      { channel_type: 'webhook', name: 'x', url: 'https://203.0.113.9/x' },
      { channel_type: 'email', name: 'x', addresses: ['a@example.com'], url: 'https://example.com' },
    ];
    for (const body of cases) {
      expectProblem(
        await api('POST', '/alerts/channels', { key: keys.a_admin, body }),
        400,
        'validation-error',
      );
    }
    expectProblem(
      await api('POST', '/alerts/channels', { key: keys.a_admin, raw: '{"channel_type":' }),
      400,
      'malformed-json',
    );
    const channel = await createWebhook(keys.a_admin);
    const email = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'email', name: 'mail', addresses: ['x@example.com'] },
    });
    const updates: [string, unknown][] = [
      [channel.channel_id, {}],
      [channel.channel_id, { url: 'http://example.com/' }],
      [channel.channel_id, { addresses: ['a@example.com'] }],
      [channel.channel_id, { secret: `whsec_${Buffer.alloc(24, 1).toString('base64')}` }],
      [channel.channel_id, { grace_period_seconds: 10 }],
      [email.body.channel_id, { rotate_secret: true }],
      [email.body.channel_id, { url: 'https://example.com/' }],
    ];
    for (const [id, body] of updates) {
      expectProblem(
        await api('PUT', `/alerts/channels/${id}`, { key: keys.a_admin, body }),
        400,
        'validation-error',
      );
    }
    expectProblem(
      await api('PUT', '/alerts/channels/not-a-ulid', { key: keys.a_admin, body: { name: 'x' } }),
      400,
    );
    const after = await listFor(keys.a_admin);
    expect(after.body.items.length).toBe(before + 2);
    const unchanged = after.body.items.find((c: any) => c.channel_id === channel.channel_id);
    expect(unchanged).toMatchObject({ url: channel.url, name: channel.name });
  });
});

describe('verification', () => {
  it('sends a signed test webhook, records the result and marks the channel verified', async () => {
    const channel = await createWebhook(keys.a_admin, {}, '/verify-ok');

    const verified = await api('POST', `/alerts/channels/${channel.channel_id}/verify`, {
      key: keys.a_admin,
    });

    expect(verified.status).toBe(200);
    expect(verified.body.result).toMatchObject({ ok: true, status_code: 204 });
    expect(verified.body.result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(verified.body.channel).toMatchObject({ verified: true, verified_at: verified.body.result.at });
    expect(verified.body.channel.last_verification).toEqual(verified.body.result);
    const hook = receiver.on('/verify-ok').at(-1)!;
    expect(hook.headers['webhook-id']).toBe(verified.body.notification_id);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(independentlyVerifies(channel.secret, hook)).toBe(true);
    expect(new Webhook(channel.secret).verify(hook.body, hook.headers)).toMatchObject({
      event: 'test',
      tenant_id: tenantA,
    });
    expect(hook.json).toMatchObject({
      alert_type: expect.any(String),
      severity: expect.any(String),
      title: expect.any(String),
      message: expect.any(String),
      timestamp: expect.any(String),
      details: expect.any(Object),
    });
    const listed = (await listFor(keys.a_operator)).body.items.find(
      (c: any) => c.channel_id === channel.channel_id,
    );
    expect(listed).toMatchObject({ verified: true, last_verification: verified.body.result });
  });

  it('records a failed verification (5xx, redirect not followed) without marking verified', async () => {
    const channel = await createWebhook(keys.a_admin, {}, '/verify-fail');
    receiver.mode = { kind: 'status', status: 503 };
    try {
      const failed = await api('POST', `/alerts/channels/${channel.channel_id}/verify`, {
        key: keys.a_admin,
      });
      expect(failed.status).toBe(200);
      expect(failed.body.result).toMatchObject({ ok: false, status_code: 503 });
      expect(failed.body.channel).toMatchObject({ verified: false, last_verification: failed.body.result });

      // A redirect to the metadata address is reported, never followed.
      receiver.mode = { kind: 'status', status: 302, location: 'http://169.254.169.254/latest/meta-data/' };
      const redirected = await api('POST', `/alerts/channels/${channel.channel_id}/verify`, {
        key: keys.a_admin,
      });
      expect(redirected.body.result).toMatchObject({ ok: false, status_code: 302 });
      expect(redirected.body.result.error).toMatch(/redirect/);
      expect(receiver.hooks.every((hook) => !hook.path.includes('meta-data'))).toBe(true);
    } finally {
      receiver.mode = { kind: 'accept' };
    }
  });

  it('sends a test e-mail through SES into the emulator store', async () => {
    const address = `oncall-${Date.now()}@example.com`;
    const created = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'email', name: 'On-call mail', addresses: [address] },
    });

    const verified = await api('POST', `/alerts/channels/${created.body.channel_id}/verify`, {
      key: keys.a_admin,
    });

    expect(verified.body.result).toMatchObject({ ok: true });
    expect(verified.body.channel.verified).toBe(true);
    const store = (await (await fetch(stack.endpoints.ses_store)).json()) as {
      emails: { subject: string; destination: { to: string[] }; body: { text?: string; html?: string } }[];
    };
    const mail = store.emails.find((email) => email.destination.to.includes(address));
    expect(mail).toBeDefined();
    expect(mail!.subject).toContain('Opsdeck test notification');
    expect(mail!.body.text).toContain(verified.body.notification_id);
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the grace period and only the new one after', async () => {
    const channel = await createWebhook(keys.a_admin, {}, '/rotate');
    const oldSecret = channel.secret;

    const rotated = await api('PUT', `/alerts/channels/${channel.channel_id}`, {
      key: keys.a_admin,
      body: { rotate_secret: true, grace_period_seconds: 3 },
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.secret_rotation.previous_secret_expires_at).toEqual(expect.any(String));
    const listed = (await listFor(keys.a_admin)).body.items.find(
      (c: any) => c.channel_id === channel.channel_id,
    );
    expect(listed).not.toHaveProperty('secret');

    await api('POST', `/alerts/channels/${channel.channel_id}/verify`, { key: keys.a_admin });
    const during = receiver.on('/rotate').at(-1)!;
    expect(signaturesOf(during.headers['webhook-signature']!)).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(independentlyVerifies(secret, during)).toBe(true);
      expect(() => new Webhook(secret).verify(during.body, during.headers)).not.toThrow();
    }

    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await api('POST', `/alerts/channels/${channel.channel_id}/verify`, { key: keys.a_admin });
    const after = receiver.on('/rotate').at(-1)!;
    expect(after).not.toBe(during);
    expect(signaturesOf(after.headers['webhook-signature']!)).toHaveLength(1);
    expect(independentlyVerifies(newSecret, after)).toBe(true);
    expect(independentlyVerifies(oldSecret, after)).toBe(false);
    expect(() => new Webhook(oldSecret).verify(after.body, after.headers)).toThrow();
    const settled = (await listFor(keys.a_admin)).body.items.find(
      (c: any) => c.channel_id === channel.channel_id,
    );
    expect(settled.secret_rotation).toBeNull();
  });
});

describe('SSRF-safe webhook URLs', () => {
  it.each([
    'http://2852039166/',
    'https://2852039166/',
    'https://0251.0376.0251.0376/',
    'https://0xa9fea9fe/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::ffff:169.254.169.254]/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://10.0.0.1/',
    'https://172.16.5.4/',
    'https://192.168.1.1/',
    'https://127.0.0.2/',
    'https://2130706434/',
    'https://user:password@example.com/',
    'http://example.com/',
    'ftp://example.com/',
  ])('refuses %s at save time', async (url) => {
    const response = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'webhook', name: 'ssrf', url },
    });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors[0].path).toBe('body.url');
  });

  it('refuses host names that resolve to loopback when they are not allow-listed', async () => {
    // The machine's own name resolves locally (to a loopback address), unlike the allow-listed 127.0.0.1.
    const name = hostname();
    const resolved = await lookup(name, { all: true });
    expect(resolved.length).toBeGreaterThan(0);
    for (const url of [`https://${name}:${receiver.port}/`, `https://localhost.localdomain./`]) {
      const response = await api('POST', '/alerts/channels', {
        key: keys.a_admin,
        body: { channel_type: 'webhook', name: 'ssrf', url },
      });
      expectProblem(response, 400, 'validation-error');
    }
    const refused = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'webhook', name: 'ssrf', url: `https://${name}/` },
    });
    expect(refused.body.detail).toMatch(/must not resolve to|does not resolve/);
  });

  it('refuses such a URL on update too and keeps the old one', async () => {
    const channel = await createWebhook(keys.a_admin);
    const response = await api('PUT', `/alerts/channels/${channel.channel_id}`, {
      key: keys.a_admin,
      body: { url: 'https://[::ffff:169.254.169.254]/' },
    });
    expectProblem(response, 400, 'validation-error');
    const listed = (await listFor(keys.a_admin)).body.items.find(
      (c: any) => c.channel_id === channel.channel_id,
    );
    expect(listed.url).toBe(channel.url);
  });
});

describe('roles and tenant isolation', () => {
  it('lets operators read and only admins manage', async () => {
    const channel = await createWebhook(keys.a_admin);
    expect((await listFor(keys.a_operator)).status).toBe(200);
    expectProblem(await listFor(keys.a_viewer), 403, 'forbidden');
    expectProblem(
      await api('POST', '/alerts/channels', { key: keys.a_operator, body: webhookBody() }),
      403,
      'forbidden',
    );
    expectProblem(
      await api('PUT', `/alerts/channels/${channel.channel_id}`, {
        key: keys.a_operator,
        body: { name: 'x' },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await api('DELETE', `/alerts/channels/${channel.channel_id}`, { key: keys.a_operator }),
      403,
      'forbidden',
    );
    expectProblem(
      await api('POST', `/alerts/channels/${channel.channel_id}/verify`, { key: keys.a_operator }),
      403,
      'forbidden',
    );
    expectProblem(await api('GET', '/alerts/channels', { key: null }), 401);
  });

  it("hides another tenant's channels and the platform's from tenant principals (404)", async () => {
    const channelOfB = await createWebhook(keys.b_admin);
    expectProblem(await listFor(keys.a_admin, tenantB), 404);
    expectProblem(await listFor(keys.a_admin, 'platform'), 404);
    expect((await listFor(keys.a_admin)).body.items.map((c: any) => c.channel_id)).not.toContain(
      channelOfB.channel_id,
    );
    expectProblem(
      await api('POST', '/alerts/channels', {
        key: keys.a_admin,
        body: webhookBody('/x', { tenant_id: tenantB }),
      }),
      404,
    );
    expectProblem(
      await api('PUT', `/alerts/channels/${channelOfB.channel_id}`, {
        key: keys.a_admin,
        body: { name: 'x' },
      }),
      404,
    );
    expectProblem(
      await api('PUT', `/alerts/channels/${channelOfB.channel_id}`, {
        key: keys.a_admin,
        body: { name: 'x', tenant_id: tenantB },
      }),
      404,
    );
    expectProblem(
      await api('DELETE', `/alerts/channels/${channelOfB.channel_id}`, { key: keys.a_admin }),
      404,
    );
    expectProblem(
      await api('DELETE', `/alerts/channels/${channelOfB.channel_id}?tenant_id=${tenantB}`, {
        key: keys.a_admin,
      }),
      404,
    );
    expectProblem(
      await api('POST', `/alerts/channels/${channelOfB.channel_id}/verify`, { key: keys.a_admin }),
      404,
    );
    // Still there, unchanged.
    const listedByB = (await listFor(keys.b_admin)).body.items.find(
      (c: any) => c.channel_id === channelOfB.channel_id,
    );
    expect(listedByB).toMatchObject({ name: 'Ops webhook', last_verification: null });
  });

  it('lets platform principals read any tenant and platform admins manage platform channels', async () => {
    const channelOfA = await createWebhook(keys.a_admin);
    const listedA = await listFor(keys.platform_operator, tenantA);
    expect(listedA.body.items.map((c: any) => c.channel_id)).toContain(channelOfA.channel_id);
    expectProblem(await listFor(keys.platform_operator, 'no-such-tenant'), 404);

    const platformChannel = await api('POST', '/alerts/channels', {
      key: keys.platform_admin,
      body: { channel_type: 'email', name: 'Platform on-call', addresses: ['platform-oncall@example.com'] },
    });
    expect(platformChannel.status).toBe(201);
    expect(platformChannel.body.tenant_id).toBe('platform');
    expect(
      (await listFor(keys.platform_operator, 'platform')).body.items.map((c: any) => c.channel_id),
    ).toContain(platformChannel.body.channel_id);
    expectProblem(
      await api('POST', '/alerts/channels', {
        key: keys.platform_operator,
        body: { channel_type: 'email', name: 'x', addresses: ['x@example.com'] },
      }),
      403,
    );

    // A platform admin addresses a tenant's channel by id alone, or with its owner.
    const renamed = await api('PUT', `/alerts/channels/${channelOfA.channel_id}`, {
      key: keys.platform_admin,
      body: { name: 'Renamed by platform' },
    });
    expect(renamed.body).toMatchObject({ tenant_id: tenantA, name: 'Renamed by platform' });
    expectProblem(
      await api('PUT', `/alerts/channels/${channelOfA.channel_id}`, {
        key: keys.platform_admin,
        body: { name: 'x', tenant_id: tenantB },
      }),
      404,
    );
    const forTenant = await api('POST', '/alerts/channels', {
      key: keys.platform_admin,
      body: webhookBody('/p', { tenant_id: tenantB }),
    });
    expect(forTenant.body.tenant_id).toBe(tenantB);
    expect(
      (
        await api('DELETE', `/alerts/channels/${platformChannel.body.channel_id}?tenant_id=platform`, {
          key: keys.platform_admin,
        })
      ).status,
    ).toBe(204);
  });
});

describe('the local webhook receiver', () => {
  it('is described in stack.json and records what a verified channel sends', async () => {
    const local = (stack as any).webhook_receiver as { hook_url: string; secret: string; received: string };
    expect(local.hook_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\//);
    const channel = await api('POST', '/alerts/channels', {
      key: keys.a_admin,
      body: { channel_type: 'webhook', name: 'local receiver', url: local.hook_url, secret: local.secret },
    });
    const verified = await api('POST', `/alerts/channels/${channel.body.channel_id}/verify`, {
      key: keys.a_admin,
    });
    expect(verified.body.result).toMatchObject({ ok: true, status_code: 204 });
    const received = await eventually(async () => {
      const list = (await (await fetch(local.received)).json()) as { items: any[] };
      return list.items.find((item) => item.webhook_id === verified.body.notification_id);
    });
    expect(received).toMatchObject({ verified: true, duplicate: false, body: { event: 'test' } });

    // A channel with another secret is refused by the receiver (401) and recorded as failed.
    const wrong = await createWebhook(keys.a_admin, {});
    await api('PUT', `/alerts/channels/${wrong.channel_id}`, {
      key: keys.a_admin,
      body: { url: local.hook_url },
    });
    const refused = await api('POST', `/alerts/channels/${wrong.channel_id}/verify`, { key: keys.a_admin });
    expect(refused.body.result).toMatchObject({ ok: false, status_code: 401 });
  });
});
