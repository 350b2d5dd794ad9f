import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { DlqStats } from '../../../types/ops';

export interface DlqStatsParams {
  tenantId: string | null;
  groupBy: 'status' | 'tenant' | 'event_type' | 'day';
}

/** `GET /api/ops/dlq/stats`: counts grouped by status (or tenant, event type, day) and daily growth. */
export function getDlqStats(params: DlqStatsParams, signal?: AbortSignal): Promise<DlqStats> {
  return apiRequest<DlqStats>('/ops/dlq/stats', {
    query: { tenant_id: params.tenantId, group_by: params.groupBy },
    signal,
  });
}

export function dlqStatsQueryOptions(params: DlqStatsParams) {
  return queryOptions({
    queryKey: queryKeys.dlq.stats(params),
    queryFn: ({ signal }) => getDlqStats(params, signal),
  });
}

export function useDlqStats(params: DlqStatsParams) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...dlqStatsQueryOptions(params), refetchInterval, placeholderData: keepPreviousData });
}
