import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AlertDetail } from '../../../types/ops';

/** `GET /api/alerts/history/{alert_id}`: the alert and its delivery attempts. */
export function getAlert(alertId: string, signal?: AbortSignal): Promise<AlertDetail> {
  return apiRequest<AlertDetail>(`/alerts/history/${encodeURIComponent(alertId)}`, { signal });
}

export function alertQueryOptions(alertId: string) {
  return queryOptions({
    queryKey: queryKeys.alerts.detail(alertId),
    queryFn: ({ signal }) => getAlert(alertId, signal),
  });
}

export function useAlert(alertId: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...alertQueryOptions(alertId), refetchInterval });
}
