import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { ApiKey, Page } from '../../../types/api';

const API_KEY_PAGE_SIZE = 50;

/** `GET /api/admin/tenants/{tenant_id}/api-keys`; `platform` lists the platform-wide keys. */
export function listApiKeys(
  tenantId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<ApiKey>> {
  return apiRequest<Page<ApiKey>>(`/admin/tenants/${encodeURIComponent(tenantId)}/api-keys`, {
    query: { limit: API_KEY_PAGE_SIZE, cursor },
    signal,
  });
}

export function apiKeysQueryOptions(tenantId: string) {
  return infiniteQueryOptions({
    queryKey: queryKeys.apiKeys.list(tenantId),
    queryFn: ({ pageParam, signal }) => listApiKeys(tenantId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  });
}

export function useApiKeys(tenantId: string) {
  const refetchInterval = useRefetchInterval();
  return useInfiniteQuery({ ...apiKeysQueryOptions(tenantId), refetchInterval });
}
