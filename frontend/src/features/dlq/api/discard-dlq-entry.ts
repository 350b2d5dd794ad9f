import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { DlqDetail } from '../../../types/ops';

/** `POST /api/ops/dlq/{dlq_id}/discard` with a reason (409 unless pending or failed). */
export function discardDlqEntry(dlqId: string, reason: string): Promise<DlqDetail> {
  return apiRequest<DlqDetail>(`/ops/dlq/${encodeURIComponent(dlqId)}/discard`, {
    method: 'POST',
    body: { reason },
  });
}

export function useDiscardDlqEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ dlqId, reason }: { dlqId: string; reason: string }) => discardDlqEntry(dlqId, reason),
    onSuccess: (entry) => {
      queryClient.setQueryData(queryKeys.dlq.detail(entry.dlq_id), entry);
      return queryClient.invalidateQueries({ queryKey: queryKeys.dlq.all() });
    },
  });
}
