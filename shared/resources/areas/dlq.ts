import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readDlq = { tables: { config: 'read', dlq: 'read' } } as const satisfies ResourceAccess;
/** Retries read the destination registry, change entries with their audit record, publish. */
const operateDlq = {
  tables: { config: 'read', dlq: 'write', audit: 'write' },
} as const satisfies ResourceAccess;
/** Retrying publishes to the entry's declared destination. */
const retryDlq = { ...operateDlq, destinations: 'publish' } as const satisfies ResourceAccess;

/** DLQ management (/ops/dlq): inspect, retry (single and batch), discard, statistics. */
export const dlqFunctions = {
  listDlqEntries: {
    description: 'List DLQ entries with combinable filters (operators).',
    entry: 'functions/dlq/list-dlq-entries.ts',
    access: readDlq,
    routes: [{ method: 'GET', path: '/ops/dlq' }],
  },
  getDlqStats: {
    description: 'DLQ counts grouped by tenant, event type, status or day, with a daily growth series.',
    entry: 'functions/dlq/get-dlq-stats.ts',
    access: readDlq,
    routes: [{ method: 'GET', path: '/ops/dlq/stats' }],
  },
  getDlqEntry: {
    description: 'Read one DLQ entry with payload, attempt history and lineage.',
    entry: 'functions/dlq/get-dlq-entry.ts',
    access: readDlq,
    routes: [{ method: 'GET', path: '/ops/dlq/{dlq_id}' }],
  },
  retryDlqEntry: {
    description: 'Republish one DLQ entry to its original (declared) destination.',
    entry: 'functions/dlq/retry-dlq-entry.ts',
    access: retryDlq,
    timeoutSeconds: 30,
    routes: [{ method: 'POST', path: '/ops/dlq/{dlq_id}/retry' }],
  },
  discardDlqEntry: {
    description: 'Discard one DLQ entry with a reason.',
    entry: 'functions/dlq/discard-dlq-entry.ts',
    access: operateDlq,
    routes: [{ method: 'POST', path: '/ops/dlq/{dlq_id}/discard' }],
  },
  retryDlqBatch: {
    description: 'Start a batch retry by ids or by filter (count and confirmation token first).',
    entry: 'functions/dlq/retry-dlq-batch.ts',
    access: { ...operateDlq, queues: { dlqRetry: 'send' } },
    timeoutSeconds: 30,
    routes: [{ method: 'POST', path: '/ops/dlq/retry-batch' }],
  },
  getDlqBatch: {
    description: "A batch retry's progress.",
    entry: 'functions/dlq/get-dlq-batch.ts',
    access: readDlq,
    routes: [{ method: 'GET', path: '/ops/dlq/batches/{batch_id}' }],
  },
  consumeDlqRetryQueue: {
    description: 'Process batch retry chunks: claim, republish (SendMessageBatch), record.',
    entry: 'functions/dlq/consume-dlq-retry-queue.ts',
    access: {
      tables: { config: 'read', dlq: 'write' },
      queues: { dlqRetry: 'consume' },
      destinations: 'publish',
    },
    memoryMb: 1024,
    timeoutSeconds: 30,
    consumes: 'dlqRetry',
  },
} as const satisfies Record<string, FunctionDeclaration>;
