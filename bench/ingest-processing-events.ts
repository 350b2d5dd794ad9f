/**
 * Ingest benchmark: processing events stored through Opsdeck's ingest path (validation,
 * pre-aggregation, transactional idempotency markers + aggregate updates) against a raw
 * BatchWriteItem of the same records, both on one DynamoDB Local started by this run.
 *
 *   npm run bench:ingest [-- --batches 20]
 *
 * Prints events/s for both, the ratio, and aggregate writes per event at batch size 500.
 */
import { startBenchResources } from './support/bench-resources';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '../infra/local/emulators';
import { WORKER_TYPES } from '../shared/platform/platform-vocabulary';
import { processingEventSchema, type ProcessingEvent } from '../shared/ingest/ingest-schemas';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '20' } } });
const BATCHES = Number(values.batches);
const BATCH_SIZE = 500;

function syntheticBatch(batch: number): unknown[] {
  // One worker instance's flush: one worker type, two tenants, spread over about a minute.
  const workerType = WORKER_TYPES[batch % WORKER_TYPES.length]!;
  const base = Date.parse('2026-11-28T10:00:00.000Z') + batch * 60_000;
  return Array.from({ length: BATCH_SIZE }, (_, index) => {
    const started = base + index * 110;
    const latency = 20 + Math.round(Math.random() * 180);
    return {
      event_id: `bench-${batch}-${index}-${randomBytes(3).toString('hex')}`,
      tenant_id: index % 2 ? 'bench-acme' : 'bench-globex',
      worker_type: workerType,
      worker_instance: `${workerType}-${batch % 3}`,
      topic: `opsdeck-fleet-${workerType}`,
      event_type: 'Processed',
      status: Math.random() < 0.02 ? 'failed' : 'succeeded',
      started_at: new Date(started).toISOString(),
      finished_at: new Date(started + latency).toISOString(),
    };
  });
}

const bench = await startBenchResources('ingest');
const { endpoints } = bench;
try {
  const { storeProcessingEvents } = await import('../shared/telemetry/processing-event-ingest');
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: endpoints.dynamodb,
      region: 'us-east-1',
      credentials: localCredentials,
    }),
  );
  const rawTable = process.env.OPSDECK_TABLE_TELEMETRY!;

  const batches = Array.from({ length: BATCHES }, (_, index) => syntheticBatch(index));
  const rawBatches = Array.from({ length: BATCHES }, (_, index) => syntheticBatch(index + BATCHES));

  // Warm-up (JIT, connections, DynamoDB Local's first writes), not measured.
  await storeProcessingEvents(syntheticBatch(999).map((item) => processingEventSchema.parse(item)));

  // Baseline: the same number of records written one item per event with BatchWriteItem (25 per call).
  const rawStart = performance.now();
  for (const batch of rawBatches) {
    const records = batch as ProcessingEvent[];
    for (let offset = 0; offset < records.length; offset += 25) {
      await documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [rawTable]: records.slice(offset, offset + 25).map((record) => ({
              PutRequest: {
                Item: { pk: `RAW#${record.tenant_id}#${record.event_id}`, sk: 'RAW', ...record },
              },
            })),
          },
        }),
      );
    }
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  // Opsdeck's ingest path: validation, pre-aggregation, markers + aggregates in transactions.
  let aggregateWrites = 0;
  const ingestStart = performance.now();
  for (const batch of batches) {
    const events = batch.map((item) => processingEventSchema.parse(item));
    aggregateWrites += (await storeProcessingEvents(events)).aggregateWrites;
  }
  const ingestSeconds = (performance.now() - ingestStart) / 1000;

  const events = BATCHES * BATCH_SIZE;
  const rawRate = events / rawSeconds;
  const ingestRate = events / ingestSeconds;
  console.log(`processing-event ingest, ${BATCHES} batches × ${BATCH_SIZE} events, DynamoDB Local`);
  console.log(`  raw BatchWriteItem (1 item/event)   ${rawRate.toFixed(0).padStart(7)} events/s`);
  console.log(`  Opsdeck ingest path                 ${ingestRate.toFixed(0).padStart(7)} events/s`);
  console.log(`  ratio ingest / raw                  ${(ingestRate / rawRate).toFixed(2)}  (target ≥ 0.70)`);
  console.log(
    `  aggregate writes per event          ${(aggregateWrites / events).toFixed(3)}  (target ≤ 0.10)`,
  );
  documentClient.destroy();
} finally {
  await bench.stop();
}
