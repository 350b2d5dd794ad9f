import { DateTime } from '../../../components/ui/date-time';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { describeError } from '../../../lib/errors';
import { useAlertHistory, type AlertHistoryFilters } from '../api/list-alert-history';
import { AlertActions } from './alert-actions';
import { AlertSeverityBadge, AlertStatusBadge, alertTypeLabel } from './alert-badges';

export interface AlertHistoryPanelProps {
  filters: AlertHistoryFilters;
  selectedAlert: string | null;
  onOpenAlert: (alertId: string) => void;
  canHandle: boolean;
}

/** The owner's alerts, newest first, with acknowledge and resolve on each open one. */
export function AlertHistoryPanel({
  filters,
  selectedAlert,
  onOpenAlert,
  canHandle,
}: AlertHistoryPanelProps) {
  const history = useAlertHistory(filters);
  const alerts = history.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(filters.type || filters.status || filters.from || filters.to);
  return (
    <Panel title="Alerts" description="Newest first. Open an alert for its details and delivery attempts.">
      {history.isPending ? <LoadingState label="Loading alerts…" /> : null}
      {history.isError && !history.data ? (
        <ErrorState
          error={history.error}
          title="Could not load alerts"
          onRetry={() => void history.refetch()}
        />
      ) : null}
      {history.data && alerts.length === 0 ? (
        <EmptyState title={filtered ? 'No alerts match these filters' : 'No alerts yet'}>
          <p>Alerts are raised when an alert rule's threshold is crossed.</p>
        </EmptyState>
      ) : null}
      {alerts.length > 0 ? (
        <>
          {history.isRefetchError ? (
            <p className="inline-warning" role="status">
              Showing earlier data: the last refresh failed ({describeError(history.error).title}).
            </p>
          ) : null}
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Triggered</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Type</th>
                  <th scope="col">Alert</th>
                  <th scope="col">Status</th>
                  <th scope="col">Notification</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((alert) => (
                  <tr
                    key={alert.alert_id}
                    className={alert.alert_id === selectedAlert ? 'row-expanded' : undefined}
                  >
                    <td>
                      <DateTime compact value={alert.triggered_at} />
                    </td>
                    <td>
                      <AlertSeverityBadge severity={alert.severity} />
                    </td>
                    <td>{alertTypeLabel(alert.alert_type)}</td>
                    <td className="cell-truncate" title={alert.message}>
                      {alert.title}
                    </td>
                    <td>
                      <AlertStatusBadge status={alert.status} />
                    </td>
                    <td>{alert.notification_status}</td>
                    <td>
                      <div className="action-row">
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`Open ${alert.title}`}
                          aria-pressed={alert.alert_id === selectedAlert}
                          onClick={() => onOpenAlert(alert.alert_id)}
                        >
                          Open
                        </button>
                        {canHandle ? <AlertActions alert={alert} /> : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            {history.hasNextPage ? (
              <button
                type="button"
                className="btn"
                aria-disabled={history.isFetchingNextPage}
                onClick={() => {
                  if (!history.isFetchingNextPage) void history.fetchNextPage();
                }}
              >
                {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              <p className="muted">
                {alerts.length} alert{alerts.length === 1 ? '' : 's'}, all loaded.
              </p>
            )}
          </div>
        </>
      ) : null}
    </Panel>
  );
}
