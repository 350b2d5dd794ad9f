import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { CreatedApiKey, Role } from '../../../types/api';

export interface CreateApiKeyInput {
  name: string;
  role: Role;
}

/** `POST /api/admin/tenants/{tenant_id}/api-keys` → 201 with the key and its secret, shown this once. */
export function createApiKey(tenantId: string, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  return apiRequest<CreatedApiKey>(`/admin/tenants/${encodeURIComponent(tenantId)}/api-keys`, {
    method: 'POST',
    body: input,
  });
}

export function useCreateApiKey(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => createApiKey(tenantId, input),
    // The answer holds the secret: drop it from the mutation cache as soon as nobody shows it.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list(tenantId) }),
  });
}
