import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Page } from '../../../types/api';
import type { DlqStatus, DlqSummary } from '../../../types/ops';

export const DLQ_PAGE_SIZE = 25;

/** The list's filters, as the URL keeps them (all optional; they combine). */
export interface DlqFilters {
  tenant_id?: string | undefined;
  event_type?: string | undefined;
  status?: DlqStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

/** `GET /api/ops/dlq`: one page of entry summaries, newest first. */
export function listDlqEntries(filters: DlqFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<Page<DlqSummary>>('/ops/dlq', {
    query: { ...filters, cursor, limit: DLQ_PAGE_SIZE },
    signal,
  });
}

export function dlqEntriesQueryOptions(filters: DlqFilters, cursor: string | null) {
  return queryOptions({
    queryKey: queryKeys.dlq.list({ ...filters, cursor: cursor ?? undefined }),
    queryFn: ({ signal }) => listDlqEntries(filters, cursor, signal),
  });
}

/** Polls at the user's interval, or every 2 s while entries are being retried. */
export function useDlqEntries(filters: DlqFilters, cursor: string | null) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    ...dlqEntriesQueryOptions(filters, cursor),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((entry) => entry.status === 'retrying') ? 2000 : refetchInterval,
  });
}
