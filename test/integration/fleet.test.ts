import { randomBytes } from 'node:crypto';
import { createServer, get as httpGet, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  dlqEntrySchema,
  exceptionEventSchema,
  exceptionSchema,
  ingestBatchSchema,
  policyDecisionSchema,
  processingEventSchema,
  toolExecutionSchema,
} from '../../shared/ingest/ingest-schemas';
import { WORKER_TYPES } from '../../shared/platform/platform-vocabulary';
import { startFleet, type Fleet } from '../../infra/local/fleet/fleet';
import { NO_FAULTS } from '../../infra/local/fleet/faults';
import { startWorker } from '../../infra/local/fleet/worker';

/*
 * The reference fleet against a real fauxqs (the integration stack's), reporting to a recording
 * sink instead of Opsdeck, so that it is tested on its own. Its queues get a prefix of their
 * own, so that a fleet the stack may run is not disturbed.
 */

const sqsEndpoint = inject('stack').endpoints.sqs;
const tenants = ['acme', 'globex'];
const ingestKey = `odk_ingest_${randomBytes(6).toString('hex')}`;
const adminKey = `odk_admin_${randomBytes(6).toString('hex')}`;
const queuePrefix = `fleet-it-${randomBytes(3).toString('hex')}`;

/** What a worker registers itself with (the heartbeat item; not in the ingest contract file). */
const heartbeatSchema = z.strictObject({
  worker_type: z.enum(WORKER_TYPES),
  instance_id: z.string().min(1),
  base_url: z.url(),
  metrics_url: z.url(),
  criticality: z.enum(['high', 'medium']),
});

interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  body: any;
}

/** Stands in for Opsdeck: records every call; answers like the ingest API, or as `respond` says. */
class RecordingSink {
  readonly calls: Recorded[] = [];
  /** Overrides the answer to one call: return [status, body] or undefined for the normal answer. */
  respond: (call: Recorded) => [number, unknown] | undefined = () => undefined;
  private readonly server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const call: Recorded = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      };
      this.calls.push(call);
      const items = Array.isArray(call.body?.items) ? call.body.items.length : 0;
      const [status, body] = this.respond(call) ?? [200, { accepted: items, duplicates: 0, rejected: [] }];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Every item POSTed to /api/ingest/<path>. */
  items(path: string): any[] {
    return this.calls
      .filter((call) => call.method === 'POST' && call.path === `/api/ingest/${path}`)
      .flatMap((call) => call.body.items as unknown[]);
  }
}

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A base port whose seven ports (base … base+6) are free right now. */
async function freePortBlock(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: 7 }, (_, offset) => portIsFree(base + offset)));
    if (free.every(Boolean)) return base;
  }
}

/** Status of a GET on a fresh connection (no pooled keep-alive socket), or 'refused' when nothing listens. */
function statusOf(url: string): Promise<number | 'refused'> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error),
    );
  });
}

function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') typed.add(meta[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]!] = pair[2]!;
    const value = Number(sample[3] === '+Inf' ? Infinity : sample[3]);
    if (Number.isNaN(value)) throw new Error(`not a number: ${line}`);
    if (!typed.has(sample[1]!) && !typed.has(sample[1]!.replace(/_(bucket|sum|count)$/, ''))) {
      throw new Error(`sample before its TYPE: ${line}`);
    }
    samples.push({ name: sample[1]!, labels, value });
  }
  return samples;
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${fleet.controlUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as any,
  };
}

const sink = new RecordingSink();
const sqs = new SQSClient({
  endpoint: sqsEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
let apiUrl: string;
let fleet: Fleet;
const fleetLog: string[] = [];

describe('reference fleet', () => {
  beforeAll(async () => {
    apiUrl = await sink.start();
    // The first batch of exceptions meets a failing Opsdeck: the worker must keep it and retry.
    let failedOnce = false;
    sink.respond = (call) => {
      if (call.path === '/api/ingest/exceptions' && !failedOnce) {
        failedOnce = true;
        return [503, { title: 'Service Unavailable' }];
      }
      return undefined;
    };
    fleet = await startFleet({
      apiUrl,
      ingestKey,
      adminKey,
      sqsEndpoint,
      tenants,
      basePort: await freePortBlock(),
      controlPort: 0,
      exceptionsPerSecondPerTenant: 2,
      poisonFraction: 0,
      naturalErrorRate: 0,
      queuePrefix,
      heartbeatIntervalMs: 1_000,
      log: (line) => fleetLog.push(line),
    });
  });

  afterAll(async () => {
    await fleet?.stop();
    await sink.close();
    sqs.destroy();
  });

  it('refuses to start on a taken port and names it', async () => {
    // Prepare: occupy what would be the intake port.
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      // Act / Assess
      await expect(
        startFleet({
          apiUrl,
          ingestKey,
          adminKey,
          sqsEndpoint,
          tenants,
          basePort: port,
          controlPort: 0,
          queuePrefix,
        }),
      ).rejects.toThrow(new RegExp(`Port ${port} \\(fleet worker intake-1\\) is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('runs the 7 worker types, each answering /healthz and /readyz', async () => {
    expect(fleet.workers.map((worker) => worker.worker_type)).toEqual([...WORKER_TYPES]);
    const ports = fleet.workers.map((worker) => Number(new URL(worker.base_url).port));
    expect(ports.map((port) => port - ports[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const worker of fleet.workers) {
      const health = await fetch(`${worker.base_url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', worker_type: worker.worker_type });
      const ready = await fetch(`${worker.base_url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        queue: `${queuePrefix}-${worker.worker_type}`,
      });
    }
    expect(fleet.stageQueues.map((queue) => queue.url.split('/').at(-1))).toEqual(
      WORKER_TYPES.map((stage) => `${queuePrefix}-${stage}`),
    );
  });

  it('declares every stage queue to Opsdeck as a destination', () => {
    for (const queue of fleet.stageQueues) {
      const call = sink.calls.find(
        (c) => c.method === 'PUT' && c.path === `/api/admin/destinations/fleet-${queue.stage}`,
      );
      expect(call).toMatchObject({
        authorization: `Bearer ${adminKey}`,
        body: { kind: 'sqs', address: queue.url },
      });
    }
  });

  it('serves Prometheus metrics with processed counters that grow', { timeout: 90_000 }, async () => {
    for (const worker of fleet.workers) {
      const samples = await waitFor(
        `${worker.instance_id} to process messages`,
        async () => {
          const response = await fetch(worker.metrics_url);
          expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
          const parsed = parseExposition(await response.text());
          const processed = parsed.find((sample) => sample.name === 'worker_messages_processed_total');
          return processed && processed.value > 0 ? parsed : undefined;
        },
        60_000,
      );
      const names = new Set(samples.map((sample) => sample.name));
      for (const name of [
        'worker_messages_failed_total',
        'worker_processing_duration_seconds_bucket',
        'worker_processing_duration_seconds_count',
        'worker_queue_lag_messages',
      ]) {
        expect(names).toContain(name);
      }
      expect(samples.find((sample) => sample.name === 'worker_queue_lag_messages')?.labels).toMatchObject({
        queue: `${queuePrefix}-${worker.worker_type}`,
        worker_type: worker.worker_type,
        instance_id: worker.instance_id,
      });
    }
  });

  it(
    'reports processing events for every type and tenant, exceptions, decisions, tool runs and heartbeats in the contract shape',
    { timeout: 90_000 },
    async () => {
      // Every call carries the ingest key and a valid batch envelope.
      await waitFor(
        'processing events from every worker type for every tenant',
        () => {
          const seen = new Set(
            sink.items('processing-events').map((event) => `${event.worker_type}/${event.tenant_id}`),
          );
          return (
            WORKER_TYPES.every((type) => tenants.every((tenant) => seen.has(`${type}/${tenant}`))) ||
            undefined
          );
        },
        60_000,
      );
      // Intake reports an exception OPEN and feedback reports it RESOLVED, each on its own flush, so
      // under load the resolution can arrive first: wait until both reports of one exception are in.
      const openedAndResolved = () => {
        const reported = sink.items('exceptions');
        return reported.find(
          (item) =>
            item.status === 'RESOLVED' &&
            reported.some((other) => other.exception_id === item.exception_id && other.status === 'OPEN'),
        );
      };
      await waitFor('a resolved exception whose opening was reported too', openedAndResolved);
      const ingestCalls = sink.calls.filter((call) => call.path.startsWith('/api/ingest/'));
      for (const call of ingestCalls) {
        expect(call.authorization).toBe(`Bearer ${ingestKey}`);
        expect(ingestBatchSchema.safeParse(call.body).success).toBe(true);
      }

      const events = sink.items('processing-events');
      for (const event of events) expect(processingEventSchema.parse(event)).toBeTruthy();
      expect(new Set(events.map((event) => event.event_id)).size).toBe(events.length);
      const intake = events.find((event) => event.worker_type === 'intake');
      expect(intake).toMatchObject({
        topic: `${queuePrefix}-intake`,
        event_type: 'ExceptionReceived',
        worker_instance: 'intake-1',
      });

      const exceptions = sink.items('exceptions');
      for (const exception of exceptions) {
        expect(exceptionSchema.parse(exception)).toBeTruthy();
        expect(exception).not.toHaveProperty('sla_deadline');
      }
      const resolved = openedAndResolved();
      const opened = exceptions.find(
        (exception) => exception.exception_id === resolved.exception_id && exception.status === 'OPEN',
      );
      expect(opened).toBeDefined();
      expect(resolved.resolved_at).toBeDefined();

      for (const event of sink.items('exception-events'))
        expect(exceptionEventSchema.parse(event)).toBeTruthy();
      expect(sink.items('exception-events').some((event) => event.event_type === 'StatusChanged')).toBe(true);
      const decisions = sink.items('policy-decisions');
      expect(decisions.length).toBeGreaterThan(0);
      for (const decision of decisions) {
        expect(policyDecisionSchema.parse(decision)).toMatchObject({
          policy_pack_id: 'default-policy',
          policy_pack_version: 1,
        });
      }
      const executions = sink.items('tool-executions');
      expect(executions.length).toBeGreaterThan(0);
      for (const execution of executions) expect(toolExecutionSchema.parse(execution)).toBeTruthy();

      // The 503 at the first exceptions call lost nothing: that batch came again (after the
      // reporter's backoff, which under load can end after everything above was seen).
      const refusedBatchDeliveredLater = () => {
        const exceptionCalls = sink.calls.filter((call) => call.path === '/api/ingest/exceptions');
        const firstBatch = exceptionCalls[0]!.body.items.map((item: any) => item.exception_id);
        const delivered = new Set(
          exceptionCalls.slice(1).flatMap((call) => call.body.items.map((item: any) => item.exception_id)),
        );
        return firstBatch.every((id: string) => delivered.has(id)) || undefined;
      };
      expect(await waitFor('the batch refused with 503 to come again', refusedBatchDeliveredLater)).toBe(
        true,
      );

      const heartbeats = sink.items('heartbeat');
      for (const heartbeat of heartbeats) expect(heartbeatSchema.parse(heartbeat)).toBeTruthy();
      for (const worker of fleet.workers) {
        expect(heartbeats.find((heartbeat) => heartbeat.instance_id === worker.instance_id)).toEqual({
          worker_type: worker.worker_type,
          instance_id: worker.instance_id,
          base_url: worker.base_url,
          metrics_url: worker.metrics_url,
          criticality: ['intake', 'policy', 'sla_monitor'].includes(worker.worker_type) ? 'high' : 'medium',
        });
      }
    },
  );

  it(
    'dead-letters what a failing stage cannot process and forwards it to Opsdeck, deleting it only once accepted',
    { timeout: 120_000 },
    async () => {
      // Prepare: triage fails every message; Opsdeck refuses the first dead-letter call.
      const triage = fleet.stageQueues.find((queue) => queue.stage === 'triage')!;
      let refusedDlq = 0;
      sink.respond = (call) =>
        call.path === '/api/ingest/dlq' && refusedDlq++ === 0 ? [503, {}] : undefined;
      // Act
      const faulted = await control('PUT', '/instances/triage-1/faults', { error_rate: 1 });
      expect(faulted).toMatchObject({ status: 200, body: { faults: { error_rate: 1, unhealthy: false } } });
      // Assess: dead letters arrive at Opsdeck with the triage queue as their destination.
      const entries = await waitFor(
        'dead letters from triage',
        () => {
          const found = sink.items('dlq').filter((entry) => entry.worker_type === 'triage');
          return found.length >= 2 ? found : undefined;
        },
        90_000,
      );
      await control('DELETE', '/instances/triage-1/faults');
      for (const entry of entries) {
        expect(dlqEntrySchema.parse(entry)).toMatchObject({
          destination: { kind: 'sqs', address: triage.url },
          worker_type: 'triage',
          event_type: 'ExceptionReceived',
          attempts: 3,
          failure_reason: 'injected fault: error_rate 1',
          attributes: { tenant_id: entry.tenant_id, event_type: 'ExceptionReceived' },
        });
        expect(entry.payload.exception.tenant_id).toBe(entry.tenant_id);
        expect(tenants).toContain(entry.tenant_id);
      }
      // The refused first call was offered again, and the DLQ empties once Opsdeck took everything.
      const dlqCalls = sink.calls.filter((call) => call.path === '/api/ingest/dlq');
      const firstIds: string[] = dlqCalls[0]!.body.items.map((item: any) => item.event_id);
      await waitFor(
        'the refused dead letters to be offered again',
        () => {
          const later = new Set(
            sink
              .items('dlq')
              .slice(firstIds.length)
              .map((item) => item.event_id),
          );
          return firstIds.every((id) => later.has(id)) || undefined;
        },
        60_000,
      );
      await waitFor(
        'the triage DLQ to be empty',
        async () => {
          const { Attributes: attributes } = await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: triage.dlqUrl,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
          );
          const depth =
            Number(attributes?.ApproximateNumberOfMessages) +
            Number(attributes?.ApproximateNumberOfMessagesNotVisible);
          return depth === 0 || undefined;
        },
        60_000,
      );
      // Failed attempts were reported as such.
      expect(
        sink
          .items('processing-events')
          .some((event) => event.worker_type === 'triage' && event.status === 'failed'),
      ).toBe(true);
    },
  );

  it('answers 503 on /healthz when unhealthy and on /readyz when not ready', async () => {
    const policy = fleet.workers.find((worker) => worker.worker_type === 'policy')!;
    await control('PUT', '/instances/policy-1/faults', { unhealthy: true });
    expect(await statusOf(`${policy.base_url}/healthz`)).toBe(503);
    expect(await statusOf(`${policy.base_url}/readyz`)).toBe(200);

    await control('PUT', '/instances/policy-1/faults', { not_ready: true });
    expect(await statusOf(`${policy.base_url}/readyz`)).toBe(503);
    expect(await statusOf(`${policy.base_url}/healthz`)).toBe(503); // the merge kept `unhealthy`

    const cleared = await control('DELETE', '/instances/policy-1/faults');
    expect(cleared.body.faults).toEqual({ unhealthy: false, not_ready: false, slow_ms: 0, error_rate: 0 });
    expect(await statusOf(`${policy.base_url}/healthz`)).toBe(200);
    expect(await statusOf(`${policy.base_url}/readyz`)).toBe(200);
  });

  it('answers control errors as problem+json', async () => {
    const invalid = await control('PUT', '/instances/policy-1/faults', { error_rate: 2 });
    expect(invalid).toMatchObject({
      status: 400,
      body: { status: 400, type: expect.stringMatching(/validation-error$/) },
    });
    expect(invalid.type).toMatch(/^application\/problem\+json/);
    const unknown = await control('POST', '/instances/nobody-9/stop');
    expect(unknown).toMatchObject({
      status: 404,
      body: { type: expect.stringMatching(/fleet-instance-not-found$/) },
    });
    expect(unknown.type).toMatch(/^application\/problem\+json/);
  });

  it(
    'stops an instance (connection refused) and starts it again on the same port',
    { timeout: 90_000 },
    async () => {
      const tool = fleet.workers.find((worker) => worker.worker_type === 'tool')!;
      const before = await control('GET', '/instances/tool-1');
      expect(before.body).toMatchObject({ alive: true, base_url: tool.base_url });

      const stopped = await control('POST', '/instances/tool-1/stop');
      expect(stopped.body).toMatchObject({ alive: false, pid: null });
      expect(await statusOf(`${tool.base_url}/healthz`)).toBe('refused');
      expect(() => process.kill(before.body.pid, 0)).toThrow();

      const started = await control('POST', '/instances/tool-1/start');
      expect(started.body).toMatchObject({ alive: true, base_url: tool.base_url });
      expect(started.body.pid).not.toBe(before.body.pid);
      expect(await statusOf(`${tool.base_url}/healthz`)).toBe(200);
      const listed = await control('GET', '/instances');
      expect(listed.body.items).toHaveLength(7);
      expect(listed.body.items.every((instance: any) => instance.alive)).toBe(true);
    },
  );

  it('leaves no process and no listener behind when stopped', { timeout: 60_000 }, async () => {
    const pids: number[] = (await control('GET', '/instances')).body.items.map(
      (instance: any) => instance.pid,
    );
    const urls = [fleet.controlUrl, ...fleet.workers.map((worker) => worker.base_url)];
    await fleet.stop();
    for (const url of urls) expect(await statusOf(`${url}/healthz`)).toBe('refused');
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await fleet.stop(); // idempotent
  });
});

describe('a reference worker whose queue cannot be reached', () => {
  it('stays alive but not ready, and says why', async () => {
    // Prepare: an SQS endpoint where nothing listens.
    const deadPort = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const deadQueue = `http://127.0.0.1:${deadPort}/000000000000/${queuePrefix}-gone`;
    const lines: string[] = [];
    // Act
    const worker = await startWorker(
      {
        worker_type: 'triage',
        instance_id: 'triage-9',
        port: 0,
        sqs_endpoint: `http://127.0.0.1:${deadPort}`,
        region: 'us-east-1',
        input_queue_url: deadQueue,
        api_url: 'http://127.0.0.1:9/',
        ingest_key: ingestKey,
        faults: NO_FAULTS,
        natural_error_rate: 0,
        flush_interval_ms: 1_000,
        heartbeat_interval_ms: 60_000,
        wait_time_seconds: 1,
      },
      { log: (line) => lines.push(line) },
    );
    try {
      // Assess
      expect(await statusOf(`${worker.baseUrl}/healthz`)).toBe(200);
      const ready = await fetch(`${worker.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not_ready',
        reason: expect.stringMatching(/unreachable/),
      });
      await waitFor('the receive failure to be logged', () =>
        lines.find((line) => /cannot receive/.test(line)),
      );
    } finally {
      await worker.stop();
    }
    expect(await statusOf(`${worker.baseUrl}/healthz`)).toBe('refused');
  });
});
