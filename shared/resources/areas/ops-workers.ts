import type { FunctionDeclaration, ResourceAccess } from '../declarations';

// The health snapshot, its lease and the transitions live in the telemetry table; the registry
// (and tenants, for tenant_id checks) in config.
const healthAccess = { tables: { config: 'read', telemetry: 'write' } } as const satisfies ResourceAccess;
const metricsAccess = { tables: { config: 'read', telemetry: 'read' } } as const satisfies ResourceAccess;

const metricsRoute = (name: string, description: string) =>
  ({
    description,
    entry: `functions/ops-workers/get-worker-${name}.ts`,
    access: metricsAccess,
    routes: [{ method: 'GET', path: `/ops/workers/${name}` }],
  }) as const;

/** Fleet observability: worker health (P10-1) and throughput, latency, errors, lag (P10-2). */
export const opsWorkersFunctions = {
  getWorkerHealth: {
    description:
      'Serve the worker health snapshot, refreshing it (one caller at a time) when older than the TTL.',
    entry: 'functions/ops-workers/get-worker-health.ts',
    access: healthAccess,
    memoryMb: 1024,
    // A refresh is one probe round: bounded by the per-request timeout times the rounds of the limiter.
    timeoutSeconds: 29,
    routes: [{ method: 'GET', path: '/ops/workers/health' }],
    // Probes the workers' /healthz, /readyz and /metrics: in AWS it runs in the workers' VPC.
    network: 'workers',
  },
  refreshWorkerHealth: {
    description:
      "Probe every registered worker's /healthz and /readyz (and /metrics) and store the snapshot.",
    entry: 'functions/ops-workers/refresh-worker-health-scheduled.ts',
    access: healthAccess,
    memoryMb: 1024,
    timeoutSeconds: 60,
    schedule: 'rate(1 minute)',
    // Probes the workers' /healthz, /readyz and /metrics: in AWS it runs in the workers' VPC.
    network: 'workers',
  },
  sealAggregateHours: {
    description:
      'Merge each finished hour of the sharded aggregates into fixed-size sealed copies for the 24 h and 7 d reads.',
    entry: 'functions/ops-workers/seal-aggregate-hours-scheduled.ts',
    access: { tables: { telemetry: 'write' } },
    memoryMb: 512,
    timeoutSeconds: 60,
    schedule: 'rate(5 minutes)',
  },
  getWorkerThroughput: metricsRoute('throughput', 'Events per second per worker type, from the aggregates.'),
  getWorkerLatency: metricsRoute(
    'latency',
    'Latency percentiles per worker type, from the aggregate histograms.',
  ),
  getWorkerErrors: metricsRoute('errors', 'Error rate per worker type, from the aggregates.'),
  getWorkerLag: {
    description: 'Pending messages of the declared SQS queues and the queue lag workers report.',
    entry: 'functions/ops-workers/get-worker-lag.ts',
    access: { ...metricsAccess, destinations: 'inspect' },
    timeoutSeconds: 15,
    routes: [{ method: 'GET', path: '/ops/workers/lag' }],
  },
} as const satisfies Record<string, FunctionDeclaration>;
