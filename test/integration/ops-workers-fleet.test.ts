import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StackProcess } from './support/local-stack-process';

const WORKER_TYPES = ['intake', 'triage', 'policy', 'playbook', 'tool', 'feedback', 'sla_monitor'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm start` with the reference fleet: the fleet is healthy, an injected liveness fault makes an
 * instance unhealthy after 3 polls and one good poll heals it, and the fleet's traffic and queues
 * show in the metrics endpoints.
 */
describe('fleet observability against the reference fleet', () => {
  let dataDir: string;
  let stack: StackProcess;
  const adminKey = `odk_${randomBytes(10).toString('hex')}_${randomBytes(32).toString('base64url')}`;

  async function api(pathAndQuery: string) {
    const response = await fetch(
      `${stack.description.gateway.replace('localhost', '127.0.0.1')}/api${pathAndQuery}`,
      {
        headers: { authorization: `Bearer ${adminKey}` },
      },
    );
    return { status: response.status, body: (await response.json()) as any };
  }

  async function setFaults(instanceId: string, faults: Record<string, unknown> | null) {
    const response = await fetch(`${stack.description.fleet!.control}/instances/${instanceId}/faults`, {
      method: faults ? 'PUT' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(faults ? { body: JSON.stringify(faults) } : {}),
    });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-ops-fleet-'));
    stack = await startStackProcess({
      OPSDECK_PORT: '0',
      OPSDECK_DATA_DIR: dataDir,
      OPSDECK_ADMIN_KEY: adminKey,
      OPSDECK_FLEET_BASE_PORT: '0',
      OPSDECK_FLEET_CONTROL_PORT: '0',
      OPSDECK_LOG_LEVEL: 'quiet',
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'reports all 7 types healthy; an unhealthy instance turns unhealthy after 3 polls and recovers after one',
    { timeout: 150_000 },
    async () => {
      let health: any;
      const deadline = Date.now() + 90_000;
      do {
        health = (await api('/ops/workers/health?refresh=true')).body;
        const healthyTypes = (health.summary ?? []).filter((s: { status: string }) => s.status === 'healthy');
        if (healthyTypes.length === WORKER_TYPES.length) break;
        await sleep(2000);
      } while (Date.now() < deadline);
      expect(
        health.summary.map((s: { worker_type: string; status: string }) => [s.worker_type, s.status]),
      ).toEqual([...WORKER_TYPES].sort().map((type) => [type, 'healthy']));
      expect(health.counts).toMatchObject({ healthy: 7, degraded: 0, unhealthy: 0, total: 7 });

      const triage = stack.description.fleet!.workers.find((worker) => worker.worker_type === 'triage')!;
      await setFaults(triage.instance_id, { unhealthy: true });
      const rows: { status: string; consecutive_failures: number }[] = [];
      for (let poll = 0; poll < 3; poll++) {
        const body = (await api('/ops/workers/health?refresh=true&worker_type=triage')).body;
        rows.push(
          body.items.find((item: { instance_id: string }) => item.instance_id === triage.instance_id),
        );
      }
      for (const row of rows)
        expect(row.status).toBe(row.consecutive_failures >= 3 ? 'unhealthy' : 'degraded');
      expect(rows[2]).toMatchObject({ status: 'unhealthy' });
      expect(rows[2]!.consecutive_failures).toBeGreaterThanOrEqual(3);

      await setFaults(triage.instance_id, null);
      const healed = (await api('/ops/workers/health?refresh=true&worker_type=triage')).body.items[0];
      expect(healed).toMatchObject({
        instance_id: triage.instance_id,
        status: 'healthy',
        consecutive_failures: 0,
      });
    },
  );

  it("shows the fleet's traffic, latency, errors and queue lag", { timeout: 120_000 }, async () => {
    let throughput: any;
    const deadline = Date.now() + 60_000;
    do {
      throughput = (await api('/ops/workers/throughput?range=5m')).body;
      if (throughput.items.every((item: { current: { events: number } }) => item.current.events > 0)) break;
      await sleep(2000);
    } while (Date.now() < deadline);
    for (const item of throughput.items) expect(item.current.events, item.worker_type).toBeGreaterThan(0);

    // The platform-wide traffic above can come from globex alone: wait for acme's tool events too.
    let tool: any;
    do {
      const latency = (await api('/ops/workers/latency?range=1h&tenant_id=acme')).body;
      tool = latency.items.find((item: { worker_type: string }) => item.worker_type === 'tool');
      if (tool.current.events > 0) break;
      await sleep(2000);
    } while (Date.now() < deadline);
    // The tool stage's simulated processing time has a median of about 110 ms.
    expect(tool.current.p50_ms).toBeGreaterThan(20);
    expect(tool.current.p99_ms).toBeGreaterThanOrEqual(tool.current.p95_ms);
    expect(tool.current.p95_ms).toBeGreaterThanOrEqual(tool.current.p50_ms);

    const errors = (await api('/ops/workers/errors?range=1h')).body;
    expect(errors.items.reduce((sum: number, item: any) => sum + item.current.events, 0)).toBeGreaterThan(0);

    await api('/ops/workers/health?refresh=true');
    const lag = (await api('/ops/workers/lag')).body;
    const stageQueues = stack.description.fleet!.stage_queues.map((queue) => queue.url);
    const read = lag.queues.filter((queue: { queue_url: string }) => stageQueues.includes(queue.queue_url));
    expect(read).toHaveLength(stageQueues.length);
    for (const queue of read) {
      expect(queue.error).toBeNull();
      expect(queue.pending).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(lag.worker_reported.map((entry: { worker_type: string }) => entry.worker_type)).size).toBe(
      7,
    );
  });
});
