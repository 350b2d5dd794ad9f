import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Tenant } from '../../../types/api';

export interface CreateTenantInput {
  tenant_id: string;
  name: string;
  time_zone?: string;
}

/** `POST /api/admin/tenants` → 201 with the tenant; 409 when the id is taken. */
export function createTenant(input: CreateTenantInput): Promise<Tenant> {
  return apiRequest<Tenant>('/admin/tenants', { method: 'POST', body: input });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTenant,
    onSuccess: (tenant) => {
      queryClient.setQueryData(queryKeys.tenants.detail(tenant.tenant_id), tenant);
      return queryClient.invalidateQueries({ queryKey: queryKeys.tenants.all() });
    },
  });
}
