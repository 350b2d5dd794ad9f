import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { DlqRetryResult } from '../../../types/ops';

/** `POST /api/ops/dlq/{dlq_id}/retry`: republish to the original destination (409 unless pending). */
export function retryDlqEntry(dlqId: string): Promise<DlqRetryResult> {
  return apiRequest<DlqRetryResult>(`/ops/dlq/${encodeURIComponent(dlqId)}/retry`, {
    method: 'POST',
    body: {},
  });
}

export function useRetryDlqEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDlqEntry,
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.dlq.detail(result.entry.dlq_id), result.entry);
      return queryClient.invalidateQueries({ queryKey: queryKeys.dlq.all() });
    },
  });
}
