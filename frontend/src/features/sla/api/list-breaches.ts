import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Page } from '../../../types/api';
import type { Breach } from '../../../types/ops';

const BREACH_PAGE_SIZE = 25;

export interface BreachFilters {
  tenantId: string | null;
  from: string | null;
  to: string | null;
}

/** `GET /api/ops/sla/breaches`: breach records, newest deadline first (default: the last 30 days). */
export function listBreaches(filters: BreachFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<Page<Breach>>('/ops/sla/breaches', {
    query: {
      tenant_id: filters.tenantId,
      from: filters.from,
      to: filters.to,
      cursor,
      limit: BREACH_PAGE_SIZE,
    },
    signal,
  });
}

export function breachesQueryOptions(filters: BreachFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.sla.breaches(filters),
    queryFn: ({ pageParam, signal }) => listBreaches(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  });
}

export function useBreaches(filters: BreachFilters) {
  const refetchInterval = useRefetchInterval();
  return useInfiniteQuery({ ...breachesQueryOptions(filters), refetchInterval });
}
