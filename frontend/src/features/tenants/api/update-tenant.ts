import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Tenant, TenantStatus } from '../../../types/api';

export interface UpdateTenantInput {
  name?: string;
  time_zone?: string;
  status?: TenantStatus;
}

/** `PATCH /api/admin/tenants/{tenant_id}` → the updated tenant. */
export function updateTenant(tenantId: string, changes: UpdateTenantInput): Promise<Tenant> {
  return apiRequest<Tenant>(`/admin/tenants/${encodeURIComponent(tenantId)}`, {
    method: 'PATCH',
    body: changes,
  });
}

export function useUpdateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tenantId, changes }: { tenantId: string; changes: UpdateTenantInput }) =>
      updateTenant(tenantId, changes),
    onSuccess: (tenant) => {
      queryClient.setQueryData(queryKeys.tenants.detail(tenant.tenant_id), tenant);
      return queryClient.invalidateQueries({ queryKey: queryKeys.tenants.all() });
    },
  });
}
