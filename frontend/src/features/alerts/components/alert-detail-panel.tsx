import { DateTime } from '../../../components/ui/date-time';
import { Dialog } from '../../../components/ui/dialog';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { formatNumber } from '../../../lib/format';
import { useAlert } from '../api/get-alert';
import { AlertActions } from './alert-actions';
import { AlertSeverityBadge, AlertStatusBadge, alertTypeLabel } from './alert-badges';
import { DataTable } from '../../../components/ui/data-table';

/** One alert: what fired, its lifecycle, its details and every delivery attempt of its notifications. */
export function AlertDetailPanel({
  alertId,
  canHandle,
  onClose,
}: {
  alertId: string;
  canHandle: boolean;
  onClose: () => void;
}) {
  const query = useAlert(alertId);
  const alert = query.data;
  return (
    <Dialog
      open
      size="wide"
      title={alert ? alert.title : 'Alert'}
      description={<code>{alertId}</code>}
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      {query.isPending ? <LoadingState label="Loading the alert…" /> : null}
      {query.isError && !alert ? (
        <ErrorState
          error={query.error}
          title="Could not load the alert"
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {alert ? (
        <>
          <p>{alert.message}</p>
          <dl className="detail-list">
            <dt>Status</dt>
            <dd>
              <AlertStatusBadge status={alert.status} />
            </dd>
            <dt>Severity</dt>
            <dd>
              <AlertSeverityBadge severity={alert.severity} />
            </dd>
            <dt>Type</dt>
            <dd>{alertTypeLabel(alert.alert_type)}</dd>
            <dt>Subject</dt>
            <dd>
              <code>{alert.subject}</code>
            </dd>
            <dt>Owner</dt>
            <dd>{alert.tenant_id}</dd>
            <dt>Triggered</dt>
            <dd>
              <DateTime value={alert.triggered_at} />
            </dd>
            <dt>Acknowledged</dt>
            <dd>
              <DateTime value={alert.acknowledged_at} fallback="Not yet" />
              {alert.acknowledged_by ? ` by ${alert.acknowledged_by}` : ''}
            </dd>
            <dt>Resolved</dt>
            <dd>
              <DateTime value={alert.resolved_at} fallback="Not yet" />
              {alert.resolved_by
                ? ` by ${alert.resolved_by === 'auto' ? 'the evaluator (condition cleared)' : alert.resolved_by}`
                : ''}
            </dd>
            <dt>Escalated</dt>
            <dd>
              <DateTime value={alert.escalated_at} fallback="No" />
            </dd>
            <dt>Notification</dt>
            <dd>{alert.notification_status}</dd>
          </dl>
          {canHandle ? <AlertActions alert={alert} size="normal" /> : null}
          <h3 className="detail-section-title">Delivery attempts</h3>
          {alert.delivery_attempts.length === 0 ? (
            <EmptyState title="No delivery attempts">
              <p>Nothing was sent yet: no enabled channel, quiet hours, or delivery is still queued.</p>
            </EmptyState>
          ) : (
            <DataTable columns={['When', 'Channel', 'Event', 'Try', 'Outcome', 'Answer']}>
              {alert.delivery_attempts.map((attempt, index) => (
                <tr
                  key={`${attempt.notification_id ?? ''}-${attempt.attempt ?? index}-${attempt.attempted_at ?? index}`}
                >
                  <td>
                    <DateTime compact value={attempt.attempted_at} />
                  </td>
                  <td>
                    {attempt.channel_type ?? ''} <code>{attempt.channel_id ?? '—'}</code>
                  </td>
                  <td>{attempt.event ?? '—'}</td>
                  <td>{attempt.attempt ?? '—'}</td>
                  <td>{attempt.outcome ?? '—'}</td>
                  <td>
                    {attempt.status_code !== undefined ? `HTTP ${attempt.status_code}` : ''}
                    {attempt.error ? ` ${attempt.error}` : ''}
                    {attempt.latency_ms !== undefined ? (
                      <span className="muted"> · {formatNumber(attempt.latency_ms)} ms</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <h3 className="detail-section-title">Details</h3>
          <div className="json-block">
            <pre aria-label="Alert details (JSON)">{JSON.stringify(alert.details, null, 2)}</pre>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
