import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnLocalStack, startStackProcess, type StackProcess } from './support/local-stack-process';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const portOf = (url: string) => Number(new URL(url).port);

async function callApi(stack: StackProcess, path: string, key: string, init: RequestInit = {}) {
  const response = await fetch(`${stack.description.gateway.replace('localhost', '127.0.0.1')}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** `npm start` as a user runs it: fixed ports, a data directory, restarts, Ctrl-C. */
describe('npm start (the local stack CLI)', () => {
  let dataDir: string;
  let port: number;
  let first: StackProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-cli-'));
    port = 20_000 + Math.floor(Math.random() * 20_000);
  });
  afterAll(async () => {
    await first?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints every endpoint and a super-admin key once, keeps data across restarts, and stops cleanly', async () => {
    const env = {
      OPSDECK_PORT: String(port),
      OPSDECK_DATA_DIR: dataDir,
      OPSDECK_ADMIN_KEY: '',
      OPSDECK_FLEET: 'off',
    };
    first = await startStackProcess(env);
    const summary = first.output();
    for (const label of [
      'console',
      'API',
      'OpenAPI',
      'DynamoDB Local',
      'SQS',
      'S3',
      'SES v2',
      'super-admin key',
    ]) {
      expect(summary).toContain(label);
    }
    expect(first.description.gateway).toBe(`http://localhost:${port}`);
    const key = /odk_[a-z0-9]{20}_[A-Za-z0-9_-]{43}/.exec(summary)?.[0];
    expect(key).toBeDefined();
    expect((await callApi(first, '/me', key!)).body.role).toBe('super_admin');
    const created = await callApi(first, '/admin/tenants', key!, {
      method: 'POST',
      body: JSON.stringify({ tenant_id: 'persisted', name: 'Persisted' }),
    });
    expect(created.status).toBe(201);

    // A second start on the busy port names the port and exits non-zero without touching the first.
    const second = spawnLocalStack(env);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`Port ${port} (gateway) is already in use`);
    expect((await callApi(first, '/me', key!)).status).toBe(200);

    // Ctrl-C stops every child and listener.
    const ports = [
      port,
      ...Object.entries(first.description.endpoints)
        .filter(([n]) => n !== 'ses_store')
        .map(([, url]) => portOf(url)),
    ];
    expect(await first.stop('SIGINT')).toBe(0);
    for (const used of ports) expect(await accepts(used)).toBe(false);

    // A restart keeps tenants and keys, and does not print a key again.
    const restarted = await startStackProcess(env);
    try {
      expect(restarted.output()).not.toMatch(/odk_[a-z0-9]{20}_/);
      expect(restarted.output()).toContain('created on first start');
      expect((await callApi(restarted, '/me', key!)).status).toBe(200);
      expect((await callApi(restarted, '/admin/tenants/persisted', key!)).body.name).toBe('Persisted');
    } finally {
      expect(await restarted.stop('SIGTERM')).toBe(0);
    }

    // --reset starts clean: the old key and tenant are gone, a new key is printed.
    const reset = await startStackProcess(env, ['--reset']);
    try {
      const newKey = /odk_[a-z0-9]{20}_[A-Za-z0-9_-]{43}/.exec(reset.output())?.[0];
      expect(newKey).toBeDefined();
      expect(newKey).not.toBe(key);
      expect((await callApi(reset, '/me', key!)).status).toBe(401);
      expect((await callApi(reset, '/admin/tenants/persisted', newKey!)).status).toBe(404);
    } finally {
      await reset.stop();
    }
  });

  it('adopts OPSDECK_ADMIN_KEY as the first super-admin and runs schedules at their declared rate', async () => {
    const adminKey = `odk_${'c'.repeat(20)}_${'Z'.repeat(43)}`;
    const scheduledDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-cli-'));
    const stack = await startStackProcess({
      OPSDECK_PORT: '0',
      OPSDECK_DATA_DIR: scheduledDir,
      OPSDECK_ADMIN_KEY: adminKey,
      OPSDECK_LOCAL_SCHEDULES: 'verifyAuditChainsScheduled=rate(1 second)',
      OPSDECK_FLEET: 'off',
    });
    try {
      expect(stack.output()).toContain('the value of OPSDECK_ADMIN_KEY');
      expect((await callApi(stack, '/me', adminKey)).body.role).toBe('super_admin');
      const dynamo = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: stack.description.endpoints.dynamodb,
          region: stack.description.region,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        }),
      );
      let verification: Record<string, unknown> | undefined;
      for (let attempt = 0; attempt < 50 && !verification; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ({ Item: verification } = await dynamo.send(
          new GetCommand({
            TableName: stack.description.tables.audit,
            Key: { pk: 'TENANT#platform', sk: 'VERIFICATION' },
          }),
        ));
      }
      expect(verification).toMatchObject({ tenant_id: 'platform', ok: true, first_broken: null });
      expect(verification!.checked).toBeGreaterThanOrEqual(1);
      dynamo.destroy();
    } finally {
      await stack.stop();
      await rm(scheduledDir, { recursive: true, force: true });
    }
  });
});
