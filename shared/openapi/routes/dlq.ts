import {
  batchPreviewSchema,
  batchSchema,
  discardDlqEntryBodySchema,
  dlqBatchPathSchema,
  dlqDetailSchema,
  dlqPathSchema,
  dlqStatsQuerySchema,
  dlqStatsSchema,
  dlqSummarySchema,
  listDlqQuerySchema,
  retryBatchBodySchema,
  retryResultSchema,
} from '../../dlq/dlq-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** DLQ management (operators and above). */
export const dlqRoutes: Record<string, RouteDocumentation> = {
  'GET /ops/dlq': {
    summary: 'List DLQ entries, newest first; filters combine; rows carry no payload',
    tag: 'dlq',
    query: listDlqQuerySchema,
    response: { status: 200, description: 'A page of entry summaries', schema: pageOf(dlqSummarySchema) },
  },
  'GET /ops/dlq/stats': {
    summary: 'DLQ counts grouped by tenant, event type, status or day, with a daily growth series',
    tag: 'dlq',
    query: dlqStatsQuerySchema,
    response: { status: 200, description: 'Counts and the growth series', schema: dlqStatsSchema },
  },
  'GET /ops/dlq/{dlq_id}': {
    summary: 'Read one entry: payload, attributes, failure, attempt history and lineage',
    tag: 'dlq',
    path: dlqPathSchema,
    response: { status: 200, description: 'The entry', schema: dlqDetailSchema },
  },
  'POST /ops/dlq/{dlq_id}/retry': {
    summary: 'Republish the entry to its original destination (409 unless pending with retries left)',
    tag: 'dlq',
    path: dlqPathSchema,
    response: { status: 200, description: 'The outcome and the entry', schema: retryResultSchema },
  },
  'POST /ops/dlq/{dlq_id}/discard': {
    summary: 'Discard the entry with a reason (409 unless pending or failed)',
    tag: 'dlq',
    path: dlqPathSchema,
    body: discardDlqEntryBodySchema,
    response: { status: 200, description: 'The discarded entry', schema: dlqDetailSchema },
  },
  'POST /ops/dlq/retry-batch': {
    summary:
      'Retry entries by ids (up to 1,000), or by filter: the first call answers the count and a confirmation token, the second (with the token) starts the batch',
    tag: 'dlq',
    body: retryBatchBodySchema,
    response: {
      status: 202,
      description: 'The started batch (200 with {count, confirmation_token, expires_at} for a filter)',
      schema: batchSchema.or(batchPreviewSchema),
    },
  },
  'GET /ops/dlq/batches/{batch_id}': {
    summary: "A batch retry's progress: done, failed, skipped, remaining",
    tag: 'dlq',
    path: dlqBatchPathSchema,
    response: { status: 200, description: 'The batch', schema: batchSchema },
  },
};
