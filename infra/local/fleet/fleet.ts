/**
 * The reference fleet: a stand-in for the platform Opsdeck governs. Seven worker types
 * (intake → triage → policy → playbook → tool → feedback → sla_monitor), each instance its own
 * process with /healthz, /readyz and /metrics, pass synthetic exceptions through one SQS queue
 * per stage (each with a dead-letter queue) and report what they do to Opsdeck's ingest API.
 * This parent process provisions the queues, declares them to Opsdeck as destinations, generates
 * the exceptions, forwards dead letters to Opsdeck and serves the fault control API.
 * See docs/fleet.md.
 */
import { SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { WORKER_TYPES, type WorkerType } from '../../../shared/platform/platform-vocabulary';
import { provisionQueue } from '../provision';
import { startControlApi, type ControlApi } from './control-api';
import { declareDestinations, type DeclarationOutcome } from './destinations';
import { startDlqForwarder, type DlqForwarder, type KnownFailure, type StageQueue } from './dlq-forwarder';
import { startExceptionGenerator, type ExceptionGenerator } from './exception-generator';
import {
  DEFAULT_BASE_PORT,
  DEFAULT_CONTROL_PORT,
  DEFAULT_EXCEPTIONS_PER_SECOND_PER_TENANT,
  DEFAULT_QUEUE_PREFIX,
  nextStage,
  planInstances,
  STAGE_QUEUE_SETTINGS,
  stageQueueName,
} from './fleet-topology';
import { assertPortFree, errorMessage } from './http-json';
import { createFleetSqsClient, FLEET_REGION } from './sqs-client';
import { WorkerProcess } from './worker-process';

export type { StageQueue } from './dlq-forwarder';
export { FleetPortInUseError } from './http-json';

export interface FleetOptions {
  /** Opsdeck's base URL (the gateway, e.g. http://127.0.0.1:3000); a trailing /api is accepted. */
  apiUrl: string;
  /** A key with the ingest role (or platform admin): `Authorization: Bearer <key>` on /api/ingest/*. */
  ingestKey: string;
  /** A platform admin key, to declare the stage queues as destinations. */
  adminKey: string;
  /** The SQS endpoint (fauxqs locally). */
  sqsEndpoint: string;
  /** Tenants the synthetic exceptions belong to, e.g. ['acme', 'globex']. */
  tenants: string[];
  /** Default 1. */
  instancesPerType?: number;
  /** Default 9001: the first instances on 9001–9007, further ones 100 ports up. 0: any free ports. */
  basePort?: number;
  /** Default 9000. 0: any free port. */
  controlPort?: number;
  /** Default 0.5 (one exception per tenant every 2 s). 0 generates nothing. */
  exceptionsPerSecondPerTenant?: number;
  log?: (line: string) => void;
  /** Share of exceptions with a defect that dead-letters them at one stage. Default 0.01. */
  poisonFraction?: number;
  /** Probability of a transient failure per processing attempt, without faults. Default 0.01. */
  naturalErrorRate?: number;
  /** Stage queues are `<prefix>-<stage>` and `<prefix>-<stage>-dlq`. Default 'opsdeck-fleet'. */
  queuePrefix?: string;
  /** Workers flush their reports at most this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Default 10 000 ms. */
  heartbeatIntervalMs?: number;
}

export interface FleetWorker {
  worker_type: WorkerType;
  instance_id: string;
  base_url: string;
  metrics_url: string;
}

export interface Fleet {
  workers: FleetWorker[];
  stageQueues: StageQueue[];
  controlUrl: string;
  /** Stops every worker process, the generator, the forwarder and the control API. Idempotent. */
  stop(): Promise<void>;
}

const tenantIdPattern = /^[a-z0-9][a-z0-9-]{2,62}$/;

const fleetOptionsSchema = z
  .object({
    apiUrl: z.url(),
    ingestKey: z.string().min(1),
    adminKey: z.string().min(1),
    sqsEndpoint: z.url(),
    tenants: z.array(z.string().regex(tenantIdPattern, 'is not a tenant id')).min(1),
    instancesPerType: z.number().int().min(1).max(20).default(1),
    basePort: z.number().int().min(0).max(65_000).default(DEFAULT_BASE_PORT),
    controlPort: z.number().int().min(0).max(65_535).default(DEFAULT_CONTROL_PORT),
    exceptionsPerSecondPerTenant: z
      .number()
      .min(0)
      .max(200)
      .default(DEFAULT_EXCEPTIONS_PER_SECOND_PER_TENANT),
    poisonFraction: z.number().min(0).max(1).default(0.01),
    naturalErrorRate: z.number().min(0).max(1).default(0.01),
    queuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,50}$/)
      .default(DEFAULT_QUEUE_PREFIX),
    flushIntervalMs: z.number().int().min(50).default(1_000),
    heartbeatIntervalMs: z.number().int().min(100).default(10_000),
  })
  .refine(
    (settings) =>
      settings.basePort + 100 * (settings.instancesPerType - 1) + WORKER_TYPES.length - 1 <= 65_535,
    { message: 'basePort and instancesPerType put the last worker beyond port 65535', path: ['basePort'] },
  );

/** Most recent failure reasons, by message id, for the dead letters they explain. */
const MAX_KNOWN_FAILURES = 10_000;
/** How often the forwarder tries again to declare destinations that could not be declared. */
const DECLARE_RETRY_MS = 60_000;

/** Starts the reference fleet; resolves when every worker listens. See docs/fleet.md. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const parsed = fleetOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`Invalid fleet options: ${z.prettifyError(parsed.error)}`);
  const settings = parsed.data;
  const log = options.log ?? (() => undefined);
  const fleetLog = (line: string) => log(`fleet: ${line}`);

  // Fail fast, naming the port, before anything is created.
  const planned = planInstances(settings.basePort, settings.instancesPerType);
  if (settings.controlPort !== 0) await assertPortFree(settings.controlPort, 'fleet control API');
  for (const instance of planned) {
    if (instance.port !== 0) await assertPortFree(instance.port, `fleet worker ${instance.instanceId}`);
  }

  const sqs = createFleetSqsClient(settings.sqsEndpoint);
  let stageQueues: StageQueue[];
  try {
    stageQueues = await provisionStageQueues(sqs, settings.sqsEndpoint, settings.queuePrefix);
  } catch (error) {
    sqs.destroy();
    throw new Error(
      `Cannot create the fleet's stage queues at ${settings.sqsEndpoint}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  const queueOf = (stage: WorkerType): StageQueue => stageQueues.find((queue) => queue.stage === stage)!;

  let declaration: DeclarationOutcome = await declareDestinations({
    apiUrl: settings.apiUrl,
    adminKey: settings.adminKey,
    queues: stageQueues,
    log: fleetLog,
  });
  if (declaration === 'endpoint-missing') {
    fleetLog('PUT /api/admin/destinations/* is not there yet (404); dead letters may be refused until it is');
  } else if (declaration === 'failed') {
    fleetLog('could not declare every stage queue as a destination; the DLQ forwarder will try again');
  }
  let lastDeclaredAt = Date.now();

  const knownFailures = new Map<string, KnownFailure>();
  const rememberFailure = (messageId: string, failure: KnownFailure) => {
    knownFailures.delete(messageId);
    knownFailures.set(messageId, failure);
    if (knownFailures.size > MAX_KNOWN_FAILURES) {
      const oldest = knownFailures.keys().next().value;
      if (oldest !== undefined) knownFailures.delete(oldest);
    }
  };

  const instances = new Map<string, WorkerProcess>();
  for (const plan of planned) {
    const input = queueOf(plan.workerType);
    const next = nextStage(plan.workerType);
    instances.set(
      plan.instanceId,
      new WorkerProcess({
        config: {
          worker_type: plan.workerType,
          instance_id: plan.instanceId,
          sqs_endpoint: settings.sqsEndpoint,
          region: FLEET_REGION,
          input_queue_url: input.url,
          ...(next ? { output_queue_url: queueOf(next).url } : {}),
          api_url: settings.apiUrl,
          ingest_key: settings.ingestKey,
          natural_error_rate: settings.naturalErrorRate,
          flush_interval_ms: settings.flushIntervalMs,
          heartbeat_interval_ms: settings.heartbeatIntervalMs,
          wait_time_seconds: 5,
        },
        port: plan.port,
        log,
        onMessageFailed: ({ message_id: messageId, ...failure }) => rememberFailure(messageId, failure),
      }),
    );
  }

  let control: ControlApi | undefined;
  let generator: ExceptionGenerator | undefined;
  let forwarder: DlqForwarder | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await generator?.stop();
      await forwarder?.stop();
      const stops = await Promise.allSettled([...instances.values()].map((instance) => instance.stop()));
      await control?.close();
      sqs.destroy();
      for (const outcome of stops) {
        if (outcome.status === 'rejected') fleetLog(`stop: ${errorMessage(outcome.reason)}`);
      }
      fleetLog(
        `stopped (generated ${generator?.generated ?? 0} exceptions, forwarded ${forwarder?.forwarded ?? 0} dead letters)`,
      );
    })();
    return stopping;
  };

  try {
    control = await startControlApi(instances, settings.controlPort, fleetLog);
    const started = await Promise.allSettled([...instances.values()].map((instance) => instance.start()));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;

    generator = startExceptionGenerator({
      sqs,
      intakeQueueUrl: queueOf('intake').url,
      tenants: settings.tenants,
      ratePerTenant: settings.exceptionsPerSecondPerTenant,
      poisonFraction: settings.poisonFraction,
      log: fleetLog,
    });
    forwarder = startDlqForwarder({
      sqs,
      target: { apiUrl: settings.apiUrl, key: settings.ingestKey },
      queues: stageQueues,
      maxReceiveCount: STAGE_QUEUE_SETTINGS.maxReceiveCount,
      failureOf: (messageId) => knownFailures.get(messageId),
      beforeForward: async () => {
        if (declaration === 'declared' || Date.now() - lastDeclaredAt < DECLARE_RETRY_MS) return;
        lastDeclaredAt = Date.now();
        declaration = await declareDestinations({
          apiUrl: settings.apiUrl,
          adminKey: settings.adminKey,
          queues: stageQueues,
          log: fleetLog,
        });
      },
      log: fleetLog,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const workers = [...instances.values()].map((instance): FleetWorker => {
    const { worker_type, instance_id, base_url, metrics_url } = instance.describe();
    return { worker_type, instance_id, base_url, metrics_url };
  });
  fleetLog(
    `${workers.length} workers on ${workers[0]?.base_url ?? '?'}…, control API ${control.url}, ` +
      `${settings.exceptionsPerSecondPerTenant} exceptions/s for each of ${settings.tenants.join(', ')}`,
  );
  return { workers, stageQueues, controlUrl: control.url, stop };
}

/** One queue per stage, each with its DLQ; idempotent. */
async function provisionStageQueues(
  sqs: SQSClient,
  sqsEndpoint: string,
  prefix: string,
): Promise<StageQueue[]> {
  return Promise.all(
    WORKER_TYPES.map(async (stage): Promise<StageQueue> => {
      const queue = await provisionQueue(sqsEndpoint, stageQueueName(prefix, stage), {
        description: `reference fleet: input of the ${stage} workers`,
        visibilityTimeoutSeconds: STAGE_QUEUE_SETTINGS.visibilityTimeoutSeconds,
        retentionDays: STAGE_QUEUE_SETTINGS.retentionDays,
        maxReceiveCount: STAGE_QUEUE_SETTINGS.maxReceiveCount,
        fifo: false,
        batchSize: 10,
        dlqAlarmThreshold: 1,
      });
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: queue.dlqUrl,
          Attributes: { VisibilityTimeout: String(STAGE_QUEUE_SETTINGS.dlqVisibilityTimeoutSeconds) },
        }),
      );
      return { stage, url: queue.url, dlqUrl: queue.dlqUrl };
    }),
  );
}
