/**
 * One worker of the reference fleet: long-polls its stage queue, "processes" each message
 * (a simulated, log-normally distributed latency plus the stage's logic), sends it on to the next
 * stage and reports what it did to Opsdeck's ingest API. It serves /healthz, /readyz and
 * /metrics, and obeys the faults the fleet parent injects.
 *
 * A failed attempt leaves the message on the queue: SQS redelivers it after the visibility
 * timeout and moves it to the stage's dead-letter queue after maxReceiveCount receives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { processingEventSchema } from '../../../shared/ingest/ingest-schemas';
import type { Faults } from './faults';
import { STAGE_PROFILES } from './fleet-topology';
import { closeServer, errorMessage, listen, LOOPBACK, sendJson, sendProblem } from './http-json';
import { IngestReporter, postIngestBatch, type IngestTarget } from './ingest-client';
import { throttleLog } from './log-throttle';
import { clamp, logNormal, pick, type Random } from './random';
import { createFleetSqsClient, queueNameOf, readQueueDepth } from './sqs-client';
import { runStage, type StageReports } from './stage-logic';
import { toMessageAttributes, workItemAttributes, workItemSchema } from './work-item';
import type { WorkerConfig } from './worker-protocol';
import { createWorkerMetrics } from './worker-metrics';

export type ProcessingEventReport = z.input<typeof processingEventSchema>;

/** What a worker registers itself as (the heartbeat item). */
export interface WorkerHeartbeat {
  worker_type: WorkerConfig['worker_type'];
  instance_id: string;
  base_url: string;
  metrics_url: string;
  criticality: 'high' | 'medium';
}

export interface MessageFailure {
  readonly message_id: string;
  readonly reason: string;
  readonly receive_count: number;
  readonly failed_at: string;
}

export interface WorkerHooks {
  readonly log: (line: string) => void;
  readonly onMessageFailed?: (failure: MessageFailure) => void;
  readonly random?: Random;
}

export interface RunningWorker {
  readonly port: number;
  readonly baseUrl: string;
  setFaults(faults: Faults): void;
  /** Stops polling, lets in-flight messages finish (briefly), flushes reports, closes the server. */
  stop(): Promise<void>;
}

/** Failures without an injected fault, as a busy platform sees them now and then. */
const TRANSIENT_ERRORS = [
  'downstream call timed out after 2000 ms',
  'connection reset by peer',
  'optimistic lock conflict on the exception record',
  'rate limited by the source system (429)',
];

const LATENCY_MIN_MS = 5;
const LATENCY_MAX_MS = 2_000;
const QUEUE_CHECK_TIMEOUT_MS = 1_500;
const STOP_GRACE_MS = 3_000;

export async function startWorker(config: WorkerConfig, hooks: WorkerHooks): Promise<RunningWorker> {
  const random = hooks.random ?? Math.random;
  const log = hooks.log;
  const warn = throttleLog(log);
  const profile = STAGE_PROFILES[config.worker_type];
  const topic = queueNameOf(config.input_queue_url);
  const sqs: SQSClient = createFleetSqsClient(config.sqs_endpoint, config.region);
  const target: IngestTarget = { apiUrl: config.api_url, key: config.ingest_key };
  const reporter = new IngestReporter({
    target,
    flushIntervalMs: config.flush_interval_ms,
    log,
    name: config.instance_id,
  });
  let faults: Faults = { ...config.faults };

  const metrics = createWorkerMetrics({
    workerType: config.worker_type,
    instanceId: config.instance_id,
    queueName: topic,
    readQueueLag: () =>
      readQueueDepth(sqs, config.input_queue_url, QUEUE_CHECK_TIMEOUT_MS).catch(() => undefined),
  });

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      log(`request ${request.method} ${request.url} failed: ${errorMessage(error)}`);
      if (!response.headersSent) {
        sendProblem(response, {
          status: 500,
          slug: 'internal',
          title: 'Internal error',
          detail: 'The worker failed to answer',
        });
      } else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (!['/healthz', '/readyz', '/metrics'].includes(path)) {
      sendProblem(response, {
        status: 404,
        slug: 'not-found',
        title: 'Not found',
        detail: `No route ${path}`,
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendProblem(
        response,
        {
          status: 405,
          slug: 'method-not-allowed',
          title: 'Method not allowed',
          detail: `${path} answers GET`,
        },
        { allow: 'GET, HEAD' },
      );
      return;
    }
    const identity = { worker_type: config.worker_type, instance_id: config.instance_id };
    if (path === '/healthz') {
      if (faults.unhealthy)
        sendJson(response, 503, { status: 'unhealthy', reason: 'injected fault: unhealthy', ...identity });
      else
        sendJson(response, 200, { status: 'ok', ...identity, uptime_seconds: Math.round(process.uptime()) });
    } else if (path === '/readyz') {
      const readiness = await checkReadiness();
      sendJson(response, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not_ready',
        ...identity,
        queue: topic,
        ...(readiness.reason ? { reason: readiness.reason } : {}),
      });
    } else {
      const { contentType, body } = await metrics.render();
      response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    }
  }

  async function checkReadiness(): Promise<{ ready: boolean; reason?: string }> {
    if (faults.not_ready) return { ready: false, reason: 'injected fault: not_ready' };
    try {
      await readQueueDepth(sqs, config.input_queue_url, QUEUE_CHECK_TIMEOUT_MS);
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `input queue ${topic} is unreachable: ${errorMessage(error)}` };
    }
  }

  // --- processing -------------------------------------------------------------------------

  const stopping = new AbortController();

  async function handleMessage(message: Message): Promise<void> {
    const startedAt = new Date();
    const started = performance.now();
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1) || 1;
    const messageId = message.MessageId ?? 'unknown';
    let tenantId = message.MessageAttributes?.tenant_id?.StringValue;
    const current = faults;
    const processingEvent = (
      tenant: string,
      status: ProcessingEventReport['status'],
      error?: string,
    ): ProcessingEventReport => ({
      event_id: `${messageId}:${receiveCount}:${config.instance_id}`,
      tenant_id: tenant,
      worker_type: config.worker_type,
      worker_instance: config.instance_id,
      topic,
      event_type: profile.eventType,
      status,
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      ...(error === undefined ? {} : { error: error.slice(0, 2000) }),
    });
    try {
      const item = parseWorkItem(message.Body);
      const tenant = item.exception.tenant_id;
      tenantId = tenant;
      const latency = clamp(
        logNormal(random, profile.latencyMedianMs, profile.latencySigma),
        LATENCY_MIN_MS,
        LATENCY_MAX_MS,
      );
      await sleep(latency + current.slow_ms);
      if (random() < current.error_rate)
        throw new ProcessingError(`injected fault: error_rate ${current.error_rate}`);
      if (random() < config.natural_error_rate) throw new ProcessingError(pick(random, TRANSIENT_ERRORS));
      const outcome = runStage(config.worker_type, item, {
        instanceId: config.instance_id,
        startedAt,
        finishedAt: new Date(),
      });
      if (outcome.kind === 'rejected') throw new ProcessingError(outcome.reason);
      if (config.output_queue_url) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: config.output_queue_url,
            MessageBody: JSON.stringify(outcome.item),
            MessageAttributes: toMessageAttributes(workItemAttributes(outcome.item, profile.eventType)),
          }),
        );
      }
      if (message.ReceiptHandle) {
        // Already sent on: if the delete fails the message comes back and is processed again,
        // the at-least-once delivery every consumer of SQS lives with.
        await sqs
          .send(
            new DeleteMessageCommand({
              QueueUrl: config.input_queue_url,
              ReceiptHandle: message.ReceiptHandle,
            }),
          )
          .catch((error: unknown) =>
            warn('delete', `could not delete message ${messageId}: ${errorMessage(error)}`),
          );
      }
      metrics.recordProcessed((performance.now() - started) / 1000);
      reporter.add('processing-events', [
        processingEvent(tenant, receiveCount > 1 ? 'retried' : 'succeeded'),
      ]);
      addReports(outcome.reports);
    } catch (error) {
      const reason = errorMessage(error);
      metrics.recordFailed((performance.now() - started) / 1000);
      // A message naming no tenant (foreign or garbled) cannot be attributed: no processing event.
      if (tenantId !== undefined) {
        reporter.add('processing-events', [processingEvent(tenantId, 'failed', reason)]);
      }
      if (!(error instanceof ProcessingError))
        warn('unexpected', `processing ${messageId} failed: ${reason}`);
      hooks.onMessageFailed?.({
        message_id: messageId,
        reason,
        receive_count: receiveCount,
        failed_at: new Date().toISOString(),
      });
    }
  }

  function addReports(reports: StageReports): void {
    reporter.add('exceptions', reports.exceptions);
    reporter.add('exception-events', reports.exceptionEvents);
    reporter.add('tool-executions', reports.toolExecutions);
    reporter.add('policy-decisions', reports.policyDecisions);
  }

  async function pollQueue(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      if (faults.not_ready) {
        // A worker that is not ready takes no work; its queue lag grows.
        await sleep(250, undefined, { signal: stopping.signal }).catch(() => undefined);
        continue;
      }
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: config.input_queue_url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: config.wait_time_seconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        messages = received.Messages ?? [];
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        warn('receive', `cannot receive from ${topic}: ${errorMessage(error)}; retrying`);
        await sleep(Math.min(10_000, 250 * 2 ** failures), undefined, { signal: stopping.signal }).catch(
          () => undefined,
        );
        continue;
      }
      await Promise.all(messages.map((message) => handleMessage(message)));
    }
  }

  // --- start ------------------------------------------------------------------------------

  let port: number;
  try {
    port = await listen(server, config.port, `fleet worker ${config.instance_id}`);
  } catch (error) {
    sqs.destroy();
    throw error;
  }
  const baseUrl = `http://${LOOPBACK}:${port}`;
  const heartbeat: WorkerHeartbeat = {
    worker_type: config.worker_type,
    instance_id: config.instance_id,
    base_url: baseUrl,
    metrics_url: `${baseUrl}/metrics`,
    criticality: profile.criticality,
  };
  const warnHeartbeatOnce = throttleLog(log, Number.POSITIVE_INFINITY);
  const sendHeartbeat = async (): Promise<void> => {
    const outcome = await postIngestBatch(target, 'heartbeat', [heartbeat]);
    if (outcome.kind === 'refused' && outcome.status === 404) {
      warnHeartbeatOnce(
        'heartbeat-404',
        `POST /api/ingest/heartbeat answered 404 (not deployed yet? said once)`,
      );
    } else if (outcome.kind !== 'applied') {
      warn('heartbeat', `heartbeat failed: ${outcome.detail}`);
    }
  };
  void sendHeartbeat();
  const heartbeatTimer = setInterval(() => void sendHeartbeat(), config.heartbeat_interval_ms);
  reporter.start();
  const polling = pollQueue();

  let stopped: Promise<void> | undefined;
  return {
    port,
    baseUrl,
    setFaults(next) {
      faults = { ...next };
    },
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        clearInterval(heartbeatTimer);
        await Promise.race([polling, sleep(STOP_GRACE_MS)]);
        await reporter.close(2_000);
        await closeServer(server);
        sqs.destroy();
      })();
      return stopped;
    },
  };
}

/** A failure of the message itself or injected: expected, logged only as a processing event. */
class ProcessingError extends Error {
  override name = 'ProcessingError';
}

function parseWorkItem(body: string | undefined) {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    throw new ProcessingError('the message body is not JSON');
  }
  const parsed = workItemSchema.safeParse(json);
  if (!parsed.success)
    throw new ProcessingError(`the message is not a work item: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
