import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys, type AuditFilters } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AuditEvent, Page } from '../../../types/api';

const AUDIT_PAGE_SIZE = 50;

/** `GET /api/admin/audit`: one tenant's audit events, newest first, within an optional time range. */
export function listAuditEvents(
  filters: AuditFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  return apiRequest<Page<AuditEvent>>('/admin/audit', {
    query: {
      tenant_id: filters.tenantId,
      from: filters.from,
      to: filters.to,
      cursor,
      limit: AUDIT_PAGE_SIZE,
    },
    signal,
  });
}

export function auditEventsQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.audit.events(filters),
    queryFn: ({ pageParam, signal }) => listAuditEvents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  });
}

/** Polled like every list; a refresh re-reads the loaded pages from the newest event down. */
export function useAuditEvents(filters: AuditFilters) {
  const refetchInterval = useRefetchInterval();
  return useInfiniteQuery({ ...auditEventsQueryOptions(filters), refetchInterval });
}
