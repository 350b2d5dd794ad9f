import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { ApiKey } from '../../../types/api';

/** `DELETE /api/admin/api-keys/{key_id}` → the key, now revoked. */
export function revokeApiKey(keyId: string): Promise<ApiKey> {
  return apiRequest<ApiKey>(`/admin/api-keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.all() }),
  });
}
