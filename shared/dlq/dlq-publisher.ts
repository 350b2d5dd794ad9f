import { lookup } from 'node:dns/promises';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import { eventBridgeAvailable, eventBridgeClient } from '../aws/eventbridge';
import { sqsClient } from '../aws/sqs';
import { checkDestinationAddress, classifyHost } from '../registry/destination-address';
import { LOOPBACK_DESTINATIONS_ALLOWED } from '../registry/registry-settings';
import { chunk, republishAttributes } from './dlq-domain';
import type { DlqEntry } from './dlq-entities';
import { DLQ_HTTP_TIMEOUT_MS } from './dlq-settings';

/**
 * Republishes DLQ entries to their original destinations: SQS queues (SendMessageBatch, 10 per
 * call), EventBridge buses (PutEvents, 10 per call) and HTTP endpoints (POST with a timeout, no
 * redirects, SSRF checks at send time).
 */

export interface PublishRequest {
  entry: DlqEntry;
  /** The retry number the lineage attributes carry. */
  attempt: number;
}

export type PublishResult = { ok: true } | { ok: false; reason: string };

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 1000) : String(error).slice(0, 1000);

const messageBody = (payload: unknown): string =>
  typeof payload === 'string' ? payload : JSON.stringify(payload);

function messageAttributes(request: PublishRequest): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(republishAttributes(request.entry, request.attempt)).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]),
  );
}

const queueSends = pLimit(4);

async function publishToQueue(
  queueUrl: string,
  requests: readonly PublishRequest[],
): Promise<PublishResult[]> {
  const fifo = queueUrl.endsWith('.fifo');
  // FIFO queues keep their order (one call at a time); standard queues take four calls at once.
  const limit = fifo ? pLimit(1) : queueSends;
  const slices = await Promise.all(
    chunk(requests, 10).map((slice) => limit(() => publishSlice(queueUrl, fifo, slice))),
  );
  return slices.flat();
}

async function publishSlice(
  queueUrl: string,
  fifo: boolean,
  slice: readonly PublishRequest[],
): Promise<PublishResult[]> {
  try {
    const response = await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: slice.map((request, index) => ({
          Id: String(index),
          MessageBody: messageBody(request.entry.payload),
          MessageAttributes: messageAttributes(request),
          ...(fifo
            ? {
                MessageGroupId: request.entry.attributes.message_group_id ?? request.entry.tenant_id,
                MessageDeduplicationId: `${request.entry.dlq_id}-${request.attempt}`,
              }
            : {}),
        })),
      }),
    );
    const failed = new Map((response.Failed ?? []).map((failure) => [failure.Id, failure]));
    return slice.map((_, index): PublishResult => {
      const failure = failed.get(String(index));
      return failure
        ? {
            ok: false,
            reason: `SQS refused the message: ${failure.Code ?? 'error'} ${failure.Message ?? ''}`.trim(),
          }
        : { ok: true };
    });
  } catch (error) {
    return slice.map(() => ({ ok: false, reason: `SQS refused the message: ${describe(error)}` }));
  }
}

/** Checks an HTTP destination's host names resolve to no private, link-local or metadata address. */
async function checkResolvedHost(url: URL): Promise<string | null> {
  let addresses: { address: string }[];
  try {
    addresses = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true });
  } catch (error) {
    return `the host could not be resolved (${describe(error)})`;
  }
  for (const { address } of addresses) {
    const host = classifyHost(address);
    if (host === 'forbidden' || (host === 'loopback' && !LOOPBACK_DESTINATIONS_ALLOWED)) {
      return 'the host resolves to a private, loopback, link-local or metadata address';
    }
  }
  return null;
}

async function publishToHttp(address: string, request: PublishRequest): Promise<PublishResult> {
  const check = checkDestinationAddress('http', address, { allowLoopback: LOOPBACK_DESTINATIONS_ALLOWED });
  if (!check.ok) return { ok: false, reason: `the HTTP destination is refused: it ${check.problem}` };
  const url = new URL(check.address);
  const resolved = await checkResolvedHost(url);
  if (resolved) return { ok: false, reason: `the HTTP destination is refused: ${resolved}` };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(republishAttributes(request.entry, request.attempt))) {
    if (/^[A-Za-z0-9-]{1,64}$/.test(name)) headers[`x-opsdeck-attr-${name.toLowerCase()}`] = value;
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: messageBody(request.entry.payload),
      redirect: 'manual',
      signal: AbortSignal.timeout(DLQ_HTTP_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true };
    return { ok: false, reason: `the HTTP destination answered ${response.status}` };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return { ok: false, reason: `the HTTP destination did not answer within ${DLQ_HTTP_TIMEOUT_MS} ms` };
    }
    return { ok: false, reason: `the HTTP destination could not be reached: ${describe(error)}` };
  }
}

/** Source of the events a DLQ retry puts on an EventBridge bus. */
export const EVENTBRIDGE_SOURCE = 'opsdeck.dlq-retry';

/**
 * Puts entries on one bus, 10 per PutEvents call: the detail carries the original payload and
 * the attributes with the lineage ones; each entry's own result (ErrorCode) decides its outcome.
 */
async function publishToBus(busArn: string, requests: readonly PublishRequest[]): Promise<PublishResult[]> {
  if (!eventBridgeAvailable()) {
    return requests.map(() => ({
      ok: false,
      reason: 'the local stack has no EventBridge endpoint (set OPSDECK_EVENTBRIDGE_ENDPOINT)',
    }));
  }
  const results: PublishResult[] = [];
  for (const slice of chunk(requests, 10)) {
    try {
      const response = await eventBridgeClient.send(
        new PutEventsCommand({
          Entries: slice.map((request) => ({
            EventBusName: busArn,
            Source: EVENTBRIDGE_SOURCE,
            DetailType: request.entry.event_type,
            Detail: JSON.stringify({
              payload: request.entry.payload,
              attributes: republishAttributes(request.entry, request.attempt),
            }),
          })),
        }),
      );
      slice.forEach((_, position) => {
        const outcome = response.Entries?.[position];
        results.push(
          outcome?.EventId && !outcome.ErrorCode
            ? { ok: true }
            : {
                ok: false,
                reason:
                  `EventBridge refused the event: ${outcome?.ErrorCode ?? 'no result'} ${outcome?.ErrorMessage ?? ''}`.trim(),
              },
        );
      });
    } catch (error) {
      results.push(...slice.map(() => ({ ok: false as const, reason: describe(error) })));
    }
  }
  return results;
}

const httpLimit = pLimit(8);

/** Publishes each request to its entry's destination; results in request order. */
export async function publishEntries(requests: readonly PublishRequest[]): Promise<PublishResult[]> {
  const results: PublishResult[] = Array.from({ length: requests.length });
  const byQueue = new Map<string, number[]>();
  const byBus = new Map<string, number[]>();
  const work: Promise<void>[] = [];
  requests.forEach((request, index) => {
    const { kind, address } = request.entry.destination;
    if (kind === 'sqs') {
      const check = checkDestinationAddress('sqs', address, { allowLoopback: LOOPBACK_DESTINATIONS_ALLOWED });
      if (!check.ok) {
        results[index] = { ok: false, reason: `the SQS destination is refused: it ${check.problem}` };
        return;
      }
      byQueue.set(check.address, [...(byQueue.get(check.address) ?? []), index]);
    } else if (kind === 'http') {
      work.push(
        httpLimit(async () => {
          results[index] = await publishToHttp(address, request);
        }),
      );
    } else {
      byBus.set(address, [...(byBus.get(address) ?? []), index]);
    }
  });
  for (const [busArn, indexes] of byBus) {
    work.push(
      publishToBus(
        busArn,
        indexes.map((index) => requests[index]!),
      ).then((busResults) => {
        busResults.forEach((result, position) => {
          results[indexes[position]!] = result;
        });
      }),
    );
  }
  for (const [queueUrl, indexes] of byQueue) {
    work.push(
      publishToQueue(
        queueUrl,
        indexes.map((index) => requests[index]!),
      ).then((queueResults) => {
        queueResults.forEach((result, position) => {
          results[indexes[position]!] = result;
        });
      }),
    );
  }
  await Promise.all(work);
  return results;
}
