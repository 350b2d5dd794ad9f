import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { DlqBatch } from '../../../types/ops';

/** `POST /api/ops/dlq/retry-batch` with the chosen ids → the started batch (202). */
export function retryDlqBatch(ids: string[]): Promise<DlqBatch> {
  return apiRequest<DlqBatch>('/ops/dlq/retry-batch', { method: 'POST', body: { ids } });
}

export function useRetryDlqBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryDlqBatch,
    onSuccess: (batch) => {
      queryClient.setQueryData(queryKeys.dlq.batch(batch.batch_id), batch);
      return queryClient.invalidateQueries({ queryKey: queryKeys.dlq.all() });
    },
  });
}

/** `GET /api/ops/dlq/batches/{batch_id}`: progress, polled every second until the batch completes. */
export function getDlqBatch(batchId: string, signal?: AbortSignal): Promise<DlqBatch> {
  return apiRequest<DlqBatch>(`/ops/dlq/batches/${encodeURIComponent(batchId)}`, { signal });
}

export function dlqBatchQueryOptions(batchId: string) {
  return queryOptions({
    queryKey: queryKeys.dlq.batch(batchId),
    queryFn: ({ signal }) => getDlqBatch(batchId, signal),
  });
}

export function useDlqBatch(batchId: string) {
  return useQuery({
    ...dlqBatchQueryOptions(batchId),
    refetchInterval: (query) => (query.state.data?.status === 'completed' ? false : 1000),
  });
}
