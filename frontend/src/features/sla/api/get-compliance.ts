import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { Compliance, SlaPeriod } from '../../../types/ops';

export interface SlaParams {
  /** Null: every tenant (platform principals). */
  tenantId: string | null;
  period: SlaPeriod;
}

/** `GET /api/ops/sla/compliance`: met and breached per day, week or month, in the tenant's zone. */
export function getCompliance(params: SlaParams, signal?: AbortSignal): Promise<Compliance> {
  return apiRequest<Compliance>('/ops/sla/compliance', {
    query: { tenant_id: params.tenantId, period: params.period },
    signal,
  });
}

export function complianceQueryOptions(params: SlaParams) {
  return queryOptions({
    queryKey: queryKeys.sla.compliance(params),
    queryFn: ({ signal }) => getCompliance(params, signal),
  });
}

export function useCompliance(params: SlaParams, { enabled = true }: { enabled?: boolean } = {}) {
  const refetchInterval = useRefetchInterval();
  return useQuery({
    ...complianceQueryOptions(params),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled,
  });
}
