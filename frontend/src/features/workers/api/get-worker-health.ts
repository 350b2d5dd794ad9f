import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys, type OpsScope } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { WorkerHealth } from '../../../types/ops';

/** `GET /api/ops/workers/health`: the fleet's health snapshot (operators). */
export function getWorkerHealth(scope: OpsScope, signal?: AbortSignal): Promise<WorkerHealth> {
  return apiRequest<WorkerHealth>('/ops/workers/health', { query: { tenant_id: scope.tenantId }, signal });
}

export function workerHealthQueryOptions(scope: OpsScope) {
  return queryOptions({
    queryKey: queryKeys.workers.health(scope),
    queryFn: ({ signal }) => getWorkerHealth(scope, signal),
  });
}

export function useWorkerHealth(scope: OpsScope) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...workerHealthQueryOptions(scope), refetchInterval, placeholderData: keepPreviousData });
}
