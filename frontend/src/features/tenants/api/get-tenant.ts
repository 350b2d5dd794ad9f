import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Tenant } from '../../../types/api';

/** `GET /api/admin/tenants/{tenant_id}`. */
export function getTenant(tenantId: string, signal?: AbortSignal): Promise<Tenant> {
  return apiRequest<Tenant>(`/admin/tenants/${encodeURIComponent(tenantId)}`, { signal });
}

export function tenantQueryOptions(tenantId: string) {
  return queryOptions({
    queryKey: queryKeys.tenants.detail(tenantId),
    queryFn: ({ signal }) => getTenant(tenantId, signal),
  });
}

export function useTenant(tenantId: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...tenantQueryOptions(tenantId), refetchInterval });
}
