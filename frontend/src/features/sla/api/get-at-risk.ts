import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AtRisk } from '../../../types/ops';

/** `GET /api/ops/sla/at-risk`: open exceptions past 80 % of their SLA window, closest deadline first. */
export function getAtRisk(tenantId: string | null, signal?: AbortSignal): Promise<AtRisk> {
  return apiRequest<AtRisk>('/ops/sla/at-risk', { query: { tenant_id: tenantId }, signal });
}

export function atRiskQueryOptions(tenantId: string | null) {
  return queryOptions({
    queryKey: queryKeys.sla.atRisk(tenantId),
    queryFn: ({ signal }) => getAtRisk(tenantId, signal),
  });
}

export function useAtRisk(tenantId: string | null) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...atRiskQueryOptions(tenantId), refetchInterval });
}
