import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { DlqDetail } from '../../../types/ops';

/** `GET /api/ops/dlq/{dlq_id}`: payload, attributes, failure, attempt history and lineage. */
export function getDlqEntry(dlqId: string, signal?: AbortSignal): Promise<DlqDetail> {
  return apiRequest<DlqDetail>(`/ops/dlq/${encodeURIComponent(dlqId)}`, { signal });
}

export function dlqEntryQueryOptions(dlqId: string) {
  return queryOptions({
    queryKey: queryKeys.dlq.detail(dlqId),
    queryFn: ({ signal }) => getDlqEntry(dlqId, signal),
  });
}

export function useDlqEntry(dlqId: string) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    ...dlqEntryQueryOptions(dlqId),
    refetchInterval: (query) => (query.state.data?.status === 'retrying' ? 2000 : refetchInterval),
  });
}
