import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Page } from '../../../types/api';
import type { AlertRecord, AlertStatus, AlertType } from '../../../types/ops';

export interface AlertHistoryFilters {
  /** The owner: a tenant or `platform`; undefined for a tenant principal's own tenant. */
  tenant_id?: string | undefined;
  type?: AlertType | undefined;
  status?: AlertStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** `GET /api/alerts/history`: an owner's alerts, newest first. */
export function listAlertHistory(
  filters: AlertHistoryFilters,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
) {
  return apiRequest<Page<AlertRecord>>('/alerts/history', { query: { ...filters, cursor, limit }, signal });
}

export function alertHistoryQueryOptions(filters: AlertHistoryFilters, limit = 25) {
  return infiniteQueryOptions({
    queryKey: queryKeys.alerts.history({ ...filters, limit: String(limit) }),
    queryFn: ({ pageParam, signal }) => listAlertHistory(filters, pageParam, limit, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  });
}

export function useAlertHistory(filters: AlertHistoryFilters, limit = 25) {
  const refetchInterval = useRefetchInterval();
  return useInfiniteQuery({ ...alertHistoryQueryOptions(filters, limit), refetchInterval });
}
