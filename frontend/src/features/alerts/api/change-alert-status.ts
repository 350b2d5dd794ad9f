import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { AlertRecord } from '../../../types/ops';

export type AlertAction = 'acknowledge' | 'resolve';

/** `POST /api/alerts/history/{alert_id}/acknowledge|resolve` → the changed alert (409 when not allowed). */
export function changeAlertStatus(alertId: string, action: AlertAction): Promise<AlertRecord> {
  return apiRequest<AlertRecord>(`/alerts/history/${encodeURIComponent(alertId)}/${action}`, {
    method: 'POST',
  });
}

export function useChangeAlertStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alertId, action }: { alertId: string; action: AlertAction }) =>
      changeAlertStatus(alertId, action),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.all() }),
  });
}
