import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys, type TenantListParams } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Page, Tenant } from '../../../types/api';

export const TENANT_PAGE_SIZE = 25;

/** `GET /api/admin/tenants` (platform principals): one page of tenants. */
export function listTenants(params: TenantListParams, signal?: AbortSignal): Promise<Page<Tenant>> {
  return apiRequest<Page<Tenant>>('/admin/tenants', {
    query: { limit: params.limit, cursor: params.cursor },
    signal,
  });
}

export function tenantsQueryOptions(params: TenantListParams) {
  return queryOptions({
    queryKey: queryKeys.tenants.list(params),
    queryFn: ({ signal }) => listTenants(params, signal),
  });
}

/** One page of the tenant table, polled at the user's refresh interval; the previous page stays up while the next loads. */
export function useTenants(params: TenantListParams) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...tenantsQueryOptions(params), refetchInterval, placeholderData: keepPreviousData });
}

const OPTIONS_PAGE_SIZE = 100;
/** Pickers stop following cursors here; past it the user is told the list is cut short. */
export const TENANT_OPTIONS_CAP = 1000;

export interface TenantOptions {
  tenants: Tenant[];
  truncated: boolean;
}

/** Every tenant, following cursors up to `TENANT_OPTIONS_CAP`, for tenant pickers. */
export async function listTenantOptions(signal?: AbortSignal): Promise<TenantOptions> {
  const tenants: Tenant[] = [];
  let cursor: string | null = null;
  do {
    const page = await listTenants({ limit: OPTIONS_PAGE_SIZE, cursor }, signal);
    tenants.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor !== null && tenants.length < TENANT_OPTIONS_CAP);
  return { tenants, truncated: cursor !== null };
}

export function tenantOptionsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.tenants.options(),
    queryFn: ({ signal }) => listTenantOptions(signal),
    staleTime: 60_000,
  });
}

export function useTenantOptions() {
  return useQuery(tenantOptionsQueryOptions());
}
