import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AlertStats } from '../../../types/ops';

/** `GET /api/alerts/history/stats`: counts by type and status over the last 30 days. */
export function getAlertStats(owner: string | null, signal?: AbortSignal): Promise<AlertStats> {
  return apiRequest<AlertStats>('/alerts/history/stats', { query: { tenant_id: owner }, signal });
}

export function alertStatsQueryOptions(owner: string | null) {
  return queryOptions({
    queryKey: queryKeys.alerts.stats(owner),
    queryFn: ({ signal }) => getAlertStats(owner, signal),
  });
}

export function useAlertStats(owner: string | null) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...alertStatsQueryOptions(owner), refetchInterval });
}
