import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import { sqsClient } from '../aws/sqs';
import { readHealthSnapshot } from './health-repository';
import { healthSettings } from './health-settings';
import { isPlatformPrincipal, type Principal } from '../access/principal';
import type { Page } from '../pagination/cursor';
import { listDestinations } from '../registry/destination-repository';
import type { Destination } from '../registry/destination-schemas';
import type { LagResponse, QueueLag, WorkerLagQuery } from './metrics-schemas';
import { resolveMetricScope } from './metrics-service';

const QUEUE_READS_IN_FLIGHT = 10;

async function listAllDestinations(owners: readonly string[] | 'all'): Promise<Destination[]> {
  const all: Destination[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<Destination> = await listDestinations(owners, { cursor, limit: 200 });
    all.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return all;
}

const queueNameOf = (url: string) => url.replace(/\/+$/, '').split('/').at(-1) ?? url;

/** Pending messages of one declared queue (visible + in flight); an error is reported, not thrown. */
async function readQueueLag(destination: Destination, timeoutMs: number): Promise<QueueLag> {
  const base = {
    destination_id: destination.destination_id,
    tenant_id: destination.tenant_id,
    queue_url: destination.address,
    queue_name: queueNameOf(destination.address),
  };
  try {
    const { Attributes } = await sqsClient.send(
      new GetQueueAttributesCommand({
        QueueUrl: destination.address,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
    const visible = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    return { ...base, visible, in_flight: inFlight, pending: visible + inFlight, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.name : 'unknown error';
    return { ...base, visible: null, in_flight: null, pending: null, error: message };
  }
}

/**
 * `GET /ops/workers/lag`: pending messages of the SQS queues declared as destinations (a tenant
 * sees its own; platform principals every one, or a named tenant's) and the queue lag the
 * workers reported on /metrics at the last health round (platform principals only: the fleet is
 * the platform's).
 */
export async function getWorkerLag(principal: Principal, query: WorkerLagQuery): Promise<LagResponse> {
  const { tenantId } = await resolveMetricScope(principal, query.tenant_id);
  const owners = tenantId === null ? 'all' : [tenantId];
  const destinations = (await listAllDestinations(owners)).filter((d) => d.kind === 'sqs');
  const limit = pLimit(QUEUE_READS_IN_FLIGHT);
  const queues = await Promise.all(
    destinations.map((destination) => limit(() => readQueueLag(destination, healthSettings.timeoutMs))),
  );
  const platformView = isPlatformPrincipal(principal) && tenantId === null;
  const snapshot = platformView ? await readHealthSnapshot() : null;
  const workerReported = (snapshot?.instances ?? [])
    .filter((instance) => query.worker_type === undefined || instance.worker_type === query.worker_type)
    .flatMap(({ worker_type, instance_id, queue_lag, last_check }) =>
      last_check === null
        ? []
        : Object.entries(queue_lag ?? {}).map(([queue, lag]) => ({
            worker_type,
            instance_id,
            queue,
            lag_messages: lag,
            reported_at: last_check,
          })),
    );
  return {
    generated_at: new Date().toISOString(),
    tenant_id: tenantId,
    queues,
    worker_reported: workerReported,
    worker_reported_at: snapshot?.header?.generated_at ?? null,
  };
}
