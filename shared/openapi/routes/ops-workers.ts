import { workerHealthQuerySchema, workerHealthSchema } from '../../ops-workers/health-schemas';
import {
  errorsResponseSchema,
  lagResponseSchema,
  latencyResponseSchema,
  throughputResponseSchema,
  workerLagQuerySchema,
  workerMetricsQuerySchema,
} from '../../ops-workers/metrics-schemas';
import type { RouteDocumentation } from '../route-documentation';

/** Fleet observability: worker health, throughput, latency, errors and queue lag. */
export const opsWorkersRoutes: Record<string, RouteDocumentation> = {
  'GET /ops/workers/health': {
    summary:
      'Worker health snapshot: per instance, per type (criticality-weighted) and counts by status (operators)',
    tag: 'ops',
    query: workerHealthQuerySchema,
    response: { status: 200, description: 'The health snapshot', schema: workerHealthSchema },
  },
  'GET /ops/workers/throughput': {
    summary: 'Events per second per worker type, current and as a series (operators)',
    tag: 'ops',
    query: workerMetricsQuerySchema,
    response: { status: 200, description: 'Throughput per worker type', schema: throughputResponseSchema },
  },
  'GET /ops/workers/latency': {
    summary: 'p50/p95/p99 processing latency per worker type, current and as a series (operators)',
    tag: 'ops',
    query: workerMetricsQuerySchema,
    response: { status: 200, description: 'Latency per worker type', schema: latencyResponseSchema },
  },
  'GET /ops/workers/errors': {
    summary: 'Error rate per worker type, current and as a series (operators)',
    tag: 'ops',
    query: workerMetricsQuerySchema,
    response: { status: 200, description: 'Error rate per worker type', schema: errorsResponseSchema },
  },
  'GET /ops/workers/lag': {
    summary: 'Pending messages per declared SQS queue and queue lag reported by workers (operators)',
    tag: 'ops',
    query: workerLagQuerySchema,
    response: { status: 200, description: 'Queue lag', schema: lagResponseSchema },
  },
};
