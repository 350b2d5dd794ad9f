/**
 * DLQ batch retry benchmark: 10,000 entries retried through Opsdeck's batch path (filter count +
 * confirmation, chunks of 100 entries on the retry queue via SendMessageBatch, the retry consumer
 * claiming, republishing with SendMessageBatch and recording outcomes) against a raw
 * SendMessageBatch loop of the same number of messages, both on emulators started by this run.
 *
 *   npm run bench:dlq [-- --entries 10000 --consumers 4]
 *
 * Prints entries/s for both, the ratio, and SQS requests per entry (every SQS call Opsdeck's side
 * makes: retry-queue sends, the consumers' receives and deletes, and the republishing).
 */
import { startBenchResources } from './support/bench-resources';
import { parseArgs } from 'node:util';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { localCredentials } from '../infra/local/emulators';
import { provisionQueue } from '../infra/local/provision';
import { toSqsEvent } from '../infra/local/sqs-pollers';
import type { Principal } from '../shared/access/principal';
import { queues } from '../shared/resources/declarations';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '10000' }, consumers: { type: 'string', default: '4' } },
});
const ENTRIES = Number(values.entries);
const CONSUMERS = Number(values.consumers);
const TENANT = 'bench-acme';

const bench = await startBenchResources('dlq');
const { endpoints, provisioned } = bench;
try {
  process.env.OPSDECK_ALLOW_LOOPBACK_DESTINATIONS = '1';
  const { sqsClient } = await import('../shared/aws/sqs');
  const { putDestination } = await import('../shared/registry/destination-service');
  const { storeDlqEntries } = await import('../shared/dlq/dlq-ingest');
  const { requestBatchRetry, getBatchFor } = await import('../shared/dlq/dlq-batch-service');
  const { handler: consumeRetryQueue } = await import('../functions/dlq/consume-dlq-retry-queue');
  const { dlqEntrySchema } = await import('../shared/ingest/ingest-schemas');

  const observer = new SQSClient({
    endpoint: endpoints.sqs,
    region: 'us-east-1',
    credentials: localCredentials,
  });
  const benchQueue = { ...queues.ingest, visibilityTimeoutSeconds: 60 };
  const target = await provisionQueue(endpoints.sqs, 'bench-stage-triage', benchQueue);
  const rawTarget = await provisionQueue(endpoints.sqs, 'bench-raw-triage', benchQueue);
  const admin: Principal = { keyId: 'bench', name: 'bench', role: 'super_admin', tenantId: null };
  await putDestination(admin, 'bench-triage', { kind: 'sqs', address: target.url }, 'bench');

  // Seed (not measured): 10,000 dead letters of one tenant aimed at the declared stage queue.
  const payload = { exception_id: 'EXC-2026-000123', amount: 1250.5, currency: 'EUR', note: 'x'.repeat(200) };
  const entries = Array.from({ length: ENTRIES }, (_, index) =>
    dlqEntrySchema.parse({
      event_id: `bench-${index}`,
      tenant_id: TENANT,
      event_type: 'ExceptionTriaged',
      destination: { kind: 'sqs', address: target.url },
      payload: { ...payload, index },
      attributes: { tenant_id: TENANT, trace_id: `trace-${index}` },
      failure_reason: 'triage timed out after 30 s',
      attempts: 3,
      failed_at: new Date(Date.parse('2026-11-28T08:00:00Z') + index * 1000).toISOString(),
      worker_type: 'triage',
    }),
  );
  const seedStart = performance.now();
  for (let offset = 0; offset < entries.length; offset += 500) {
    await storeDlqEntries(entries.slice(offset, offset + 500));
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  // Count every SQS request the shared client makes from here on.
  const requests = new Map<string, number>();
  sqsClient.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );

  // Baseline: the same number of messages with a plain SendMessageBatch loop (10 per call).
  const rawStart = performance.now();
  for (let offset = 0; offset < ENTRIES; offset += 10) {
    await observer.send(
      new SendMessageBatchCommand({
        QueueUrl: rawTarget.url,
        Entries: entries.slice(offset, offset + 10).map((entry, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(entry.payload),
          MessageAttributes: Object.fromEntries(
            Object.entries(entry.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        })),
      }),
    );
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  // Opsdeck: count + token, confirm (enqueue), then consumers drain the retry queue.
  const retryQueueUrl = provisioned.queues.dlqRetry.url;
  const context = {} as Context;
  const start = performance.now();
  const preview = await requestBatchRetry(admin, { filter: { tenant_id: TENANT } }, 'bench');
  if (preview.status !== 200) throw new Error('expected a count and a confirmation token');
  const started = await requestBatchRetry(
    admin,
    { confirmation_token: preview.body.confirmation_token },
    'bench',
  );
  if (started.status !== 202) throw new Error('expected a started batch');
  const batchId = started.body.batch_id;
  const selectedSeconds = (performance.now() - start) / 1000;
  // Long polling (20 s) as Lambda's event source mapping does; stopped once the batch is done.
  const stop = new AbortController();
  const consumers = Array.from({ length: CONSUMERS }, async () => {
    while (!stop.signal.aborted) {
      const { Messages = [] } = await sqsClient
        .send(
          new ReceiveMessageCommand({
            QueueUrl: retryQueueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 20,
          }),
          { abortSignal: stop.signal },
        )
        .catch((error: unknown) => {
          if (stop.signal.aborted) return { Messages: [] };
          throw error;
        });
      if (Messages.length === 0) continue;
      const event: SQSEvent = toSqsEvent(Messages, {
        functionName: 'consumeDlqRetryQueue',
        queue: 'dlqRetry',
        queueUrl: retryQueueUrl,
        queueArn: provisioned.queues.dlqRetry.arn,
      });
      const response = await consumeRetryQueue(event, context);
      const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const done = Messages.filter((message) => !failed.has(message.MessageId!));
      if (done.length > 0) {
        await sqsClient.send(
          new DeleteMessageBatchCommand({
            QueueUrl: retryQueueUrl,
            Entries: done.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle!,
            })),
          }),
        );
      }
    }
  });
  let progress = await getBatchFor(admin, batchId);
  while (progress.remaining > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    progress = await getBatchFor(admin, batchId);
  }
  const opsdeckSeconds = (performance.now() - start) / 1000;
  stop.abort();
  await Promise.all(consumers);

  const { Attributes } = await observer.send(
    new GetQueueAttributesCommand({ QueueUrl: target.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  const totalRequests = [...requests.values()].reduce((sum, count) => sum + count, 0);
  const rawRate = ENTRIES / rawSeconds;
  const opsdeckRate = ENTRIES / opsdeckSeconds;
  const breakdown = [...requests]
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${count}`)
    .join(', ');
  console.log(
    `DLQ batch retry, ${ENTRIES} entries, ${CONSUMERS} retry-queue consumers, fauxqs + DynamoDB Local (seeded in ${seedSeconds.toFixed(1)} s)`,
  );
  console.log(`  raw SendMessageBatch loop (10/call)   ${rawRate.toFixed(0).padStart(7)} entries/s`);
  console.log(
    `  Opsdeck batch retry (end to end)      ${opsdeckRate.toFixed(0).padStart(7)} entries/s  (selection + enqueue ${selectedSeconds.toFixed(2)} s)`,
  );
  console.log(`  ratio Opsdeck / raw                   ${(opsdeckRate / rawRate).toFixed(2)}`);
  console.log(
    `  SQS requests per entry                ${(totalRequests / ENTRIES).toFixed(3)}  (target ≤ 0.11; raw loop 0.100)`,
  );
  console.log(`    ${breakdown}`);
  console.log(
    `  batch: done ${progress.done}, failed ${progress.failed}, skipped ${progress.skipped}; stage queue holds ${Attributes?.ApproximateNumberOfMessages} messages`,
  );
  observer.destroy();
} finally {
  await bench.stop();
}
