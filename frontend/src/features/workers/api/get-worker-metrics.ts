import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys, type OpsScope } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type {
  ErrorFigures,
  LatencyFigures,
  MetricRange,
  MetricsResponse,
  ThroughputFigures,
} from '../../../types/ops';

/**
 * `GET /api/ops/workers/throughput|latency|errors`: one figure per worker type over a range.
 * The three endpoints share their query and response envelope, so they share this module.
 */
export type WorkerMetric = 'throughput' | 'latency' | 'errors';

export interface WorkerMetricsParams extends OpsScope {
  range: MetricRange;
}

interface FiguresOf {
  throughput: ThroughputFigures;
  latency: LatencyFigures;
  errors: ErrorFigures;
}

export function getWorkerMetrics<M extends WorkerMetric>(
  metric: M,
  params: WorkerMetricsParams,
  signal?: AbortSignal,
): Promise<MetricsResponse<FiguresOf[M]>> {
  return apiRequest<MetricsResponse<FiguresOf[M]>>(`/ops/workers/${metric}`, {
    query: { range: params.range, tenant_id: params.tenantId },
    signal,
  });
}

export function workerMetricsQueryOptions<M extends WorkerMetric>(metric: M, params: WorkerMetricsParams) {
  return queryOptions({
    queryKey: queryKeys.workers.metrics(metric, params),
    queryFn: ({ signal }) => getWorkerMetrics(metric, params, signal),
  });
}

export function useWorkerMetrics<M extends WorkerMetric>(metric: M, params: WorkerMetricsParams) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    ...workerMetricsQueryOptions(metric, params),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}
