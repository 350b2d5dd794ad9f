import { DateTime } from '../../../components/ui/date-time';
import { DataTable, LoadMore, QueryStates, StaleDataWarning } from '../../../components/ui/data-table';
import { Panel } from '../../../components/ui/panel';
import { EmptyState } from '../../../components/ui/states';
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
      <QueryStates
        query={history}
        empty={alerts.length === 0}
        loadingLabel="Loading alerts…"
        errorTitle="Could not load alerts"
        emptyState={
          <EmptyState title={filtered ? 'No alerts match these filters' : 'No alerts yet'}>
            <p>Alerts are raised when an alert rule's threshold is crossed.</p>
          </EmptyState>
        }
      />
      {alerts.length > 0 ? (
        <>
          <StaleDataWarning query={history} />
          <DataTable columns={['Triggered', 'Severity', 'Type', 'Alert', 'Status', 'Notification']} actions>
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
          </DataTable>
          <LoadMore
            query={history}
            allLoaded={
              <>
                {alerts.length} alert{alerts.length === 1 ? '' : 's'}, all loaded.
              </>
            }
          />
        </>
      ) : null}
    </Panel>
  );
}
