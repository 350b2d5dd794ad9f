import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AlertRule, AlertRuleInput } from '../../../types/ops';

/**
 * `GET|POST /api/alerts/config`, `PUT|DELETE /api/alerts/config/{config_id}`: one owner's rules.
 * `owner` is a tenant id or `platform` (platform principals), or null for a tenant principal's own.
 */
export function listAlertRules(owner: string | null, signal?: AbortSignal) {
  return apiRequest<{ items: AlertRule[] }>('/alerts/config', { query: { tenant_id: owner }, signal });
}

export function alertRulesQueryOptions(owner: string | null) {
  return queryOptions({
    queryKey: queryKeys.alerts.rules(owner),
    queryFn: ({ signal }) => listAlertRules(owner, signal),
  });
}

export function useAlertRules(owner: string | null) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...alertRulesQueryOptions(owner), refetchInterval });
}

export function saveAlertRule(owner: string | null, input: AlertRuleInput, configId: string | null) {
  const body = owner ? { ...input, tenant_id: owner } : input;
  return configId
    ? apiRequest<AlertRule>(`/alerts/config/${encodeURIComponent(configId)}`, {
        method: 'PUT',
        query: { tenant_id: owner },
        body,
      })
    : apiRequest<AlertRule>('/alerts/config', { method: 'POST', body });
}

export function deleteAlertRule(owner: string | null, configId: string) {
  return apiRequest<void>(`/alerts/config/${encodeURIComponent(configId)}`, {
    method: 'DELETE',
    query: { tenant_id: owner },
  });
}

export function useSaveAlertRule(owner: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, configId }: { input: AlertRuleInput; configId: string | null }) =>
      saveAlertRule(owner, input, configId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.rules(owner) }),
  });
}

export function useDeleteAlertRule(owner: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (configId: string) => deleteAlertRule(owner, configId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.rules(owner) }),
  });
}
