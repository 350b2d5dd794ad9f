/**
 * Moves dead letters from the stage DLQs into Opsdeck (`POST /api/ingest/dlq`), naming the
 * stage queue as the original destination so that a redrive from Opsdeck goes back to where the
 * message failed. A message leaves its stage DLQ only after Opsdeck has accepted it (or already
 * had it): when Opsdeck is down or refuses, the message stays and comes back after the DLQ's
 * visibility timeout, so nothing is lost.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { z } from 'zod';
import type { dlqEntrySchema } from '../../../shared/ingest/ingest-schemas';
import type { WorkerType } from '../../../shared/platform/platform-vocabulary';
import { inboundEventType } from './fleet-topology';
import { errorMessage } from './http-json';
import { postIngestBatch, type IngestTarget } from './ingest-client';
import { throttleLog } from './log-throttle';
import { queueNameOf } from './sqs-client';

export type DlqEntryReport = z.input<typeof dlqEntrySchema>;

export interface StageQueue {
  readonly stage: WorkerType;
  readonly url: string;
  readonly dlqUrl: string;
}

/** The last failure a worker reported for a message (the DLQ itself does not say why). */
export interface KnownFailure {
  readonly reason: string;
  readonly receive_count: number;
  readonly failed_at: string;
}

const MAX_ATTRIBUTE_LENGTH = 1024;

/**
 * The DLQ entry for a dead-lettered stage message, or undefined when it names no tenant (such
 * a message cannot be attributed to anyone; it stays in the stage DLQ).
 */
export function toDlqEntry(
  message: Message,
  queue: StageQueue,
  known: KnownFailure | undefined,
  maxReceiveCount: number,
  now: Date,
): DlqEntryReport | undefined {
  let payload: unknown = message.Body ?? '';
  try {
    payload = JSON.parse(message.Body ?? '');
  } catch {
    // Not JSON: forward the text as it was.
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue.slice(0, MAX_ATTRIBUTE_LENGTH);
  }
  const tenantId = attributes.tenant_id ?? tenantOfPayload(payload);
  if (!tenantId || !message.MessageId) return undefined;
  return {
    event_id: message.MessageId,
    tenant_id: tenantId,
    event_type: attributes.event_type ?? inboundEventType(queue.stage),
    destination: { kind: 'sqs', address: queue.url },
    payload,
    attributes,
    failure_reason:
      known?.reason ??
      `processing failed on each of ${maxReceiveCount} receives from ${queueNameOf(queue.url)} (reason not recorded)`,
    attempts: known?.receive_count ?? maxReceiveCount,
    failed_at: known?.failed_at ?? now.toISOString(),
    worker_type: queue.stage,
  };
}

function tenantOfPayload(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const exception = (payload as { exception?: { tenant_id?: unknown } }).exception;
  return typeof exception?.tenant_id === 'string' ? exception.tenant_id : undefined;
}

export interface DlqForwarderOptions {
  readonly sqs: SQSClient;
  readonly target: IngestTarget;
  readonly queues: readonly StageQueue[];
  readonly maxReceiveCount: number;
  readonly failureOf: (messageId: string) => KnownFailure | undefined;
  /** Called before each post, e.g. to declare the destinations if that has not worked yet. */
  readonly beforeForward?: () => Promise<void>;
  /** Long-poll wait of each DLQ receive. */
  readonly waitTimeSeconds?: number;
  readonly log: (line: string) => void;
}

export interface DlqForwarder {
  /** Dead letters Opsdeck has accepted so far. */
  readonly forwarded: number;
  stop(): Promise<void>;
}

export function startDlqForwarder(options: DlqForwarderOptions): DlqForwarder {
  const warn = throttleLog(options.log);
  const warnOnce = throttleLog(options.log, Number.POSITIVE_INFINITY);
  const stopping = new AbortController();
  let forwarded = 0;

  async function forward(queue: StageQueue, messages: Message[]): Promise<void> {
    const now = new Date();
    const entries: DlqEntryReport[] = [];
    const sources: Message[] = [];
    for (const message of messages) {
      const entry = toDlqEntry(
        message,
        queue,
        options.failureOf(message.MessageId ?? ''),
        options.maxReceiveCount,
        now,
      );
      if (entry) {
        entries.push(entry);
        sources.push(message);
      } else {
        warn(
          `orphan:${queue.stage}`,
          `dead letter ${message.MessageId} in ${queueNameOf(queue.dlqUrl)} names no tenant; left there`,
        );
      }
    }
    if (entries.length === 0) return;
    await options.beforeForward?.();
    const outcome = await postIngestBatch(options.target, 'dlq', entries, stopping.signal);
    if (outcome.kind !== 'applied') {
      const say = outcome.kind === 'refused' && outcome.status === 404 ? warnOnce : warn;
      say(
        `dlq:${outcome.kind}:${outcome.status ?? ''}`,
        `POST /api/ingest/dlq: ${outcome.detail}; ${entries.length} dead letters stay in their stage DLQs and are retried`,
      );
      return;
    }
    if (!outcome.result && outcome.status !== 200) {
      warn(
        'dlq:unreadable',
        `POST /api/ingest/dlq answered ${outcome.status} with an unreadable body; dead letters kept`,
      );
      return;
    }
    const rejected = new Map((outcome.result?.rejected ?? []).map((item) => [item.index, item]));
    const accepted = sources.filter((_, index) => !rejected.has(index));
    for (const item of rejected.values()) {
      warn(
        `dlq:rejected:${item.type}`,
        `Opsdeck refused dead letter ${entries[item.index]?.event_id}: ${item.type}: ${item.detail}; kept in the stage DLQ`,
      );
    }
    if (accepted.length === 0) return;
    const deleted = await options.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.dlqUrl,
        Entries: accepted.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
    forwarded += accepted.length - (deleted.Failed?.length ?? 0);
  }

  async function pollDlq(queue: StageQueue): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: options.waitTimeSeconds ?? 10,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        if (received.Messages?.length) await forward(queue, received.Messages);
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        warn(
          `poll:${queue.stage}`,
          `DLQ forwarder: ${queueNameOf(queue.dlqUrl)}: ${errorMessage(error)}; retrying`,
        );
        await sleep(Math.min(30_000, 500 * 2 ** failures), undefined, { signal: stopping.signal }).catch(
          () => undefined,
        );
      }
    }
  }

  const loops = options.queues.map((queue) => pollDlq(queue));
  let stopped: Promise<void> | undefined;
  return {
    get forwarded() {
      return forwarded;
    },
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await Promise.allSettled(loops);
      })();
      return stopped;
    },
  };
}
