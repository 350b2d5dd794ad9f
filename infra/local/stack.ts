import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  deadLetterQueueEnvName,
  physicalName,
  tables,
  type QueueName,
  type TableName,
} from '../../shared/resources/declarations';
import {
  localCredentials,
  localRegion,
  setLocalAwsEnvironment,
  startEmulators,
  type EmulatorEndpoints,
  type EmulatorName,
} from './emulators';
// Type-only: the modules behind these read the environment at load, so they are imported once it is set.
import type { DemoKeys } from './demo-data';
import type { Fleet } from './fleet/fleet';
import { startGateway } from './gateway';
import { repositoryRoot } from './handler-loader';
import { provisionResources, resourceEnvironment, type ProvisionedResources } from './provision';
import { startScheduler, type ScheduledJob } from './scheduler';
import { pollerTargets, startPollers } from './sqs-pollers';
import { startWebhookReceiver } from './webhook-receiver';

export const LOCAL_STAGE = 'local';

export interface LocalStackOptions {
  /** Gateway port; 0 picks free ports for the gateway and every emulator. */
  port: number;
  /** Emulator ports; by default the four ports after the gateway's (random when port is 0). */
  emulatorPorts?: Partial<Record<EmulatorName, number>>;
  dataDir: string;
  /** Start from an empty data directory. */
  reset: boolean;
  /** Keep data on disk across restarts (false: in memory, for tests). */
  persistent: boolean;
  /** OPSDECK_ADMIN_KEY: becomes the super-admin key when none exists yet. */
  adminKey?: string;
  consoleDir?: string;
  /** Seed the demo tenants acme and globex (OPSDECK_DEMO, on unless `off`). */
  demo: boolean;
  /** Run the reference fleet (needs the demo data); ports 0 pick free ones. Null: no fleet. */
  fleet: { basePort: number; controlPort: number } | null;
  log?: (line: string) => void;
}

export interface StackDescription {
  gateway: string;
  api: string;
  console: string;
  openapi: string;
  endpoints: EmulatorEndpoints & { ses_store: string };
  region: string;
  stage: string;
  tables: Record<TableName, string>;
  queues: ProvisionedResources['queues'];
  schedules: { function: string; expression: string }[];
  data_dir: string;
  persistent: boolean;
  /** The loopback webhook receiver: point a webhook channel at hook_url with this secret. */
  webhook_receiver: { url: string; hook_url: string; secret: string; received: string };
  /** The reference fleet, when it runs. */
  fleet: { control: string; workers: Fleet['workers']; stage_queues: Fleet['stageQueues'] } | null;
  pid: number;
  started_at: string;
}

export interface LocalStack {
  description: StackDescription;
  /** The super-admin key when this start created one from nothing (printed once). */
  generatedAdminKey: string | null;
  /** Whether this start created the first super-admin (generated or from OPSDECK_ADMIN_KEY). */
  bootstrapped: boolean;
  /** The demo tenants' keys, and whether this start created them (then the summary prints them). */
  demo: { keys: DemoKeys; created: boolean } | null;
  stop(): Promise<void>;
}

/**
 * Notification settings of the local stack (each only when not set already): loopback may be a
 * plain-http webhook host, and retries run on a compressed schedule (seconds instead of hours).
 */
export const LOCAL_NOTIFICATION_SETTINGS = {
  OPSDECK_WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1,localhost',
  OPSDECK_NOTIFY_RETRY_BASE_MS: '500',
  OPSDECK_NOTIFY_RETRY_MAX_MS: '4000',
  OPSDECK_NOTIFY_RETRY_HORIZON_S: '120',
  OPSDECK_NOTIFY_MAX_ATTEMPTS: '10',
  OPSDECK_NOTIFY_WEBHOOK_TIMEOUT_MS: '3000',
} as const;

/** OPSDECK_WEBHOOK_RECEIVER_PORT, else the port after the emulators' (free ones when port is 0). */
function webhookReceiverPort(gatewayPort: number): number {
  const raw = process.env.OPSDECK_WEBHOOK_RECEIVER_PORT;
  if (raw !== undefined && raw !== '') {
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`OPSDECK_WEBHOOK_RECEIVER_PORT must be a port number, got "${raw}"`);
    }
    return port;
  }
  return gatewayPort === 0 ? 0 : gatewayPort + 5;
}

/** Thrown before anything starts when a fixed port is already taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly purpose: string,
  ) {
    super(
      `Port ${port} (${purpose}) is already in use — is another Opsdeck running? Set OPSDECK_PORT to use other ports.`,
    );
  }
}

function assertPortFree(port: number, purpose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, purpose) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * Starts the whole product on one machine: emulators, the declared resources, the super-admin
 * bootstrap, the gateway (API + console), the scheduler and the SQS pollers; then writes
 * `<data dir>/stack.json` with every endpoint.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const ports: Partial<Record<EmulatorName, number>> =
    options.emulatorPorts ??
    (options.port === 0
      ? {}
      : { dynamodb: options.port + 1, sqs: options.port + 2, s3: options.port + 3, ses: options.port + 4 });
  if (options.port !== 0) await assertPortFree(options.port, 'gateway');
  for (const [name, port] of Object.entries(ports)) if (port) await assertPortFree(port, name);
  const receiverPort = webhookReceiverPort(options.port);
  if (receiverPort) await assertPortFree(receiverPort, 'webhook receiver');

  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });

  const emulators = await startEmulators({ dataDir, persistent: options.persistent, ports, log });
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  const stopAll = async () => {
    const pending = stops.splice(0).reverse();
    for (const stop of pending) await stop().catch((error: unknown) => log(`stop: ${String(error)}`));
  };
  try {
    setLocalAwsEnvironment(emulators.endpoints);
    const provisioned = await provisionResources(LOCAL_STAGE, emulators.endpoints, { log });
    Object.assign(process.env, resourceEnvironment(LOCAL_STAGE, provisioned));
    for (const [name, queue] of Object.entries(provisioned.queues)) {
      process.env[deadLetterQueueEnvName(name as QueueName)] = queue.dlqUrl;
    }
    // Every local queue and worker lives on loopback, which AWS deployments refuse as a destination.
    process.env.OPSDECK_ALLOW_LOOPBACK_DESTINATIONS ??= '1';
    // Alert webhooks: plain http to loopback (the local receiver) and a compressed retry schedule.
    for (const [name, value] of Object.entries(LOCAL_NOTIFICATION_SETTINGS)) process.env[name] ??= value;

    // Imported only now: repositories read their table names from the environment at load.
    const { bootstrapSuperAdmin } = await import('../../shared/identity/api-key-service');
    const bootstrap = await bootstrapSuperAdmin(options.adminKey || undefined);
    const { ensureDemoData, ensureDemoAlerts, DEMO_TENANTS } = await import('./demo-data');
    const demo = options.demo ? await ensureDemoData(dataDir) : null;

    const gateway = await startGateway({
      port: options.port,
      consoleDir: options.consoleDir ?? path.join(repositoryRoot, 'frontend', 'dist'),
      log,
    });
    stops.push(() => gateway.close());

    let fleet: Fleet | null = null;
    if (options.fleet && demo) {
      const { startFleet } = await import('./fleet/fleet');
      fleet = await startFleet({
        apiUrl: gateway.url.replace('localhost', '127.0.0.1'),
        ingestKey: demo.keys.fleet_ingest,
        adminKey: demo.keys.platform_admin,
        sqsEndpoint: emulators.endpoints.sqs,
        tenants: [...DEMO_TENANTS],
        basePort: options.fleet.basePort,
        controlPort: options.fleet.controlPort,
        log,
      });
      const started = fleet;
      stops.push(() => started.stop());
    }

    const receiver = await startWebhookReceiver({ port: receiverPort, dataDir });
    stops.push(() => receiver.close());
    // The demo alert channels point at the receiver, so they are seeded once it listens.
    if (demo) await ensureDemoAlerts(receiver);

    const scheduler = startScheduler(log);
    stops.push(() => scheduler.stop());

    const sqs = new SQSClient({
      endpoint: emulators.endpoints.sqs,
      region: localRegion,
      credentials: localCredentials,
    });
    const pollers = startPollers(sqs, pollerTargets(provisioned.queues), log);
    stops.push(async () => {
      await pollers.stop();
      sqs.destroy();
    });

    const description = describe(
      gateway.url,
      emulators.endpoints,
      provisioned,
      scheduler.jobs,
      dataDir,
      options.persistent,
    );
    description.webhook_receiver = {
      url: receiver.url,
      hook_url: receiver.hookUrl,
      secret: receiver.secret,
      received: receiver.receivedUrl,
    };
    description.fleet = fleet
      ? { control: fleet.controlUrl, workers: fleet.workers, stage_queues: fleet.stageQueues }
      : null;
    const stackFile = path.join(dataDir, 'stack.json');
    await writeFile(stackFile, `${JSON.stringify(description, null, 2)}\n`);
    stops.splice(1, 0, () => rm(stackFile, { force: true }));

    return {
      description,
      generatedAdminKey: bootstrap?.generatedKey ?? null,
      bootstrapped: bootstrap !== null,
      demo,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function describe(
  gatewayUrl: string,
  endpoints: EmulatorEndpoints,
  provisioned: ProvisionedResources,
  jobs: ScheduledJob[],
  dataDir: string,
  persistent: boolean,
): StackDescription {
  return {
    gateway: gatewayUrl,
    api: `${gatewayUrl}/api`,
    console: `${gatewayUrl}/`,
    openapi: `${gatewayUrl}/openapi.json`,
    endpoints: { ...endpoints, ses_store: `${endpoints.ses}/store` },
    region: localRegion,
    stage: LOCAL_STAGE,
    tables: Object.fromEntries(
      (Object.keys(tables) as TableName[]).map((name) => [name, physicalName(LOCAL_STAGE, name)]),
    ) as Record<TableName, string>,
    queues: provisioned.queues,
    schedules: jobs.map((job) => ({ function: job.functionName, expression: job.expression })),
    data_dir: dataDir,
    persistent,
    webhook_receiver: { url: '', hook_url: '', secret: '', received: '' },
    fleet: null,
    pid: process.pid,
    started_at: new Date().toISOString(),
  };
}
