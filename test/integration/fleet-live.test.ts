import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from './support/local-stack-process';

const WORKER_TYPES = ['intake', 'triage', 'policy', 'playbook', 'tool', 'feedback', 'sla_monitor'];

/**
 * `npm start` with the reference fleet, as a new user sees it: live traffic for every worker type
 * and both demo tenants, and dead letters turning into DLQ entries.
 */
describe('npm start with the reference fleet', () => {
  let dataDir: string;
  let stack: StackProcess;
  let dynamo: DynamoDBDocumentClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-live-'));
    stack = await startStackProcess({
      OPSDECK_PORT: '0',
      OPSDECK_DATA_DIR: dataDir,
      OPSDECK_FLEET_BASE_PORT: '0',
      OPSDECK_FLEET_CONTROL_PORT: '0',
      OPSDECK_LOG_LEVEL: 'quiet',
    });
    dynamo = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.description.endpoints.dynamodb,
        region: stack.description.region,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    );
  });
  afterAll(async () => {
    dynamo?.destroy();
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function processedToday(tenantId: string, workerType: string): Promise<number> {
    const day = `D#${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
    let total = 0;
    for (let shard = 0; shard < 4; shard++) {
      const { Items } = await dynamo.send(
        new QueryCommand({
          TableName: stack.description.tables.telemetry,
          KeyConditionExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}#AGG#${workerType}#${shard}`, ':sk': day },
        }),
      );
      total += (Items ?? []).reduce((sum, item) => sum + Number(item.n), 0);
    }
    return total;
  }

  it('answers /healthz on every worker and aggregates traffic for all 7 types and both tenants', async () => {
    const fleet = stack.description.fleet!;
    expect(fleet.workers.map((worker) => worker.worker_type).sort()).toEqual([...WORKER_TYPES].sort());
    for (const worker of fleet.workers) {
      expect((await fetch(`${worker.base_url}/healthz`)).status).toBe(200);
    }
    const deadline = Date.now() + 120_000;
    let missing: string[];
    do {
      missing = [];
      for (const tenant of ['acme', 'globex']) {
        for (const workerType of WORKER_TYPES) {
          if ((await processedToday(tenant, workerType)) === 0) missing.push(`${tenant}/${workerType}`);
        }
      }
      if (missing.length) await new Promise((resolve) => setTimeout(resolve, 2000));
    } while (missing.length && Date.now() < deadline);
    expect(missing).toEqual([]);
  });

  it('turns stage dead letters into DLQ entries aimed at the stage queue', async () => {
    const fleet = stack.description.fleet!;
    const policy = fleet.workers.find((worker) => worker.worker_type === 'policy')!;
    const faulted = await fetch(`${fleet.control}/instances/${policy.instance_id}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error_rate: 1 }),
    });
    expect(faulted.status).toBe(200);
    const policyQueue = fleet.stage_queues.find((queue) => queue.stage === 'policy')!.url;
    const deadline = Date.now() + 120_000;
    let entries: Record<string, unknown>[] = [];
    while (Date.now() < deadline) {
      const found = await Promise.all(
        ['acme', 'globex'].map((tenant) =>
          dynamo.send(
            new QueryCommand({
              TableName: stack.description.tables.dlq,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': `TENANT#${tenant}#DLQ` },
            }),
          ),
        ),
      );
      entries = found
        .flatMap((page) => page.Items ?? [])
        .filter((item) => (item.destination as { address: string }).address === policyQueue);
      if (entries.length) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({
      status: 'pending',
      worker_type: 'policy',
      destination: { kind: 'sqs' },
    });

    // Heal the stage, retry the entry through the API: the message goes back on the policy queue,
    // the worker takes it, and the entry ends `succeeded`.
    await fetch(`${fleet.control}/instances/${policy.instance_id}/faults`, { method: 'DELETE' });
    const keys = JSON.parse(await readFile(path.join(dataDir, 'demo-keys.json'), 'utf8')) as {
      platform_admin: string;
    };
    const api = (method: string, route: string) =>
      fetch(`${stack.description.api.replace('localhost', '127.0.0.1')}${route}`, {
        method,
        headers: { authorization: `Bearer ${keys.platform_admin}` },
      });
    const dlqId = entries[0]!.dlq_id as string;
    const retried = await api('POST', `/ops/dlq/${dlqId}/retry`);
    expect(retried.status).toBeLessThan(300);
    let status = '';
    for (let attempt = 0; attempt < 30 && status !== 'succeeded'; attempt++) {
      status = ((await (await api('GET', `/ops/dlq/${dlqId}`)).json()) as { status: string }).status;
      if (status !== 'succeeded') await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(status).toBe('succeeded');
    const sqs = new SQSClient({
      endpoint: stack.description.endpoints.sqs,
      region: stack.description.region,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    let pending = -1;
    for (let attempt = 0; attempt < 60 && pending !== 0; attempt++) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: policyQueue,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      pending =
        Number(Attributes?.ApproximateNumberOfMessages) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
      if (pending !== 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    sqs.destroy();
    expect(pending).toBe(0);
  });
});
