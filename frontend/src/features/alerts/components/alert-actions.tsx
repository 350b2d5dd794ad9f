import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { AlertRecord } from '../../../types/ops';
import { useChangeAlertStatus, type AlertAction } from '../api/change-alert-status';

/** Acknowledge (firing alerts) and resolve (firing or acknowledged), for operators and above. */
export function AlertActions({ alert, size = 'small' }: { alert: AlertRecord; size?: 'small' | 'normal' }) {
  const change = useChangeAlertStatus();
  const toast = useToast();
  const run = (action: AlertAction) => {
    if (change.isPending) return;
    change.mutate(
      { alertId: alert.alert_id, action },
      {
        onSuccess: () =>
          toast.success(action === 'acknowledge' ? 'Alert acknowledged' : 'Alert resolved', alert.title),
        onError: (error) => {
          const description = describeError(error);
          toast.error(`Could not ${action} the alert`, description.detail ?? description.title);
        },
      },
    );
  };
  const className = `btn${size === 'small' ? ' btn-small' : ''}`;
  if (alert.status === 'resolved') return null;
  return (
    <div className="action-row">
      {alert.status === 'firing' ? (
        <button
          type="button"
          className={className}
          aria-label={`Acknowledge ${alert.title}`}
          aria-disabled={change.isPending}
          onClick={() => run('acknowledge')}
        >
          {change.isPending && change.variables?.action === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      ) : null}
      <button
        type="button"
        className={className}
        aria-label={`Resolve ${alert.title}`}
        aria-disabled={change.isPending}
        onClick={() => run('resolve')}
      >
        {change.isPending && change.variables?.action === 'resolve' ? 'Resolving…' : 'Resolve'}
      </button>
    </div>
  );
}
