import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { ResolutionTime } from '../../../types/ops';
import type { SlaParams } from './get-compliance';

/** `GET /api/ops/sla/resolution-time`: time to resolve, per severity, over the last 1, 7 or 30 days. */
export function getResolutionTime(params: SlaParams, signal?: AbortSignal): Promise<ResolutionTime> {
  return apiRequest<ResolutionTime>('/ops/sla/resolution-time', {
    query: { tenant_id: params.tenantId, period: params.period },
    signal,
  });
}

export function resolutionTimeQueryOptions(params: SlaParams) {
  return queryOptions({
    queryKey: queryKeys.sla.resolution(params),
    queryFn: ({ signal }) => getResolutionTime(params, signal),
  });
}

export function useResolutionTime(params: SlaParams) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    ...resolutionTimeQueryOptions(params),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}
