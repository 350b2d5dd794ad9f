import { useState } from 'react';
import { DateTime } from '../../../components/ui/date-time';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { DlqDetail } from '../../../types/ops';
import { useDlqEntry } from '../api/get-dlq-entry';
import { useRetryDlqEntry } from '../api/retry-dlq-entry';
import { DiscardDlqDialog } from './discard-dlq-dialog';
import { DlqStatusBadge } from './dlq-status-badge';
import { DataTable } from '../../../components/ui/data-table';

export interface DlqDetailPanelProps {
  dlqId: string;
  canOperate: boolean;
  onOpenEntry: (dlqId: string) => void;
  onClose: () => void;
}

/**
 * One entry in full, in a dialog over the list (its id is in the URL, so it can be shared): payload,
 * failure, attempts (its operation history) and lineage; retry and discard.
 */
export function DlqDetailPanel({ dlqId, canOperate, onOpenEntry, onClose }: DlqDetailPanelProps) {
  const entry = useDlqEntry(dlqId);
  return (
    <Dialog
      open
      size="wide"
      title={entry.data ? `Dead letter: ${entry.data.event_type}` : 'Dead letter'}
      description={<code>{dlqId}</code>}
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      {entry.isPending ? <LoadingState label="Loading the entry…" /> : null}
      {entry.isError && !entry.data ? (
        <ErrorState
          error={entry.error}
          title="Could not load the entry"
          onRetry={() => void entry.refetch()}
        />
      ) : null}
      {entry.data ? (
        <DlqDetailBody entry={entry.data} canOperate={canOperate} onOpenEntry={onOpenEntry} />
      ) : null}
    </Dialog>
  );
}

function DlqDetailBody({
  entry,
  canOperate,
  onOpenEntry,
}: {
  entry: DlqDetail;
  canOperate: boolean;
  onOpenEntry: (dlqId: string) => void;
}) {
  const retry = useRetryDlqEntry();
  const toast = useToast();
  const [discarding, setDiscarding] = useState(false);
  const canRetry = canOperate && entry.status === 'pending';
  const canDiscard = canOperate && (entry.status === 'pending' || entry.status === 'failed');

  return (
    <>
      <dl className="detail-list">
        <dt>Status</dt>
        <dd>
          <DlqStatusBadge status={entry.status} />
        </dd>
        <dt>Tenant</dt>
        <dd>{entry.tenant_id}</dd>
        <dt>Event</dt>
        <dd>
          {entry.event_type} <code>{entry.event_id}</code>
        </dd>
        <dt>Worker type</dt>
        <dd>{entry.worker_type}</dd>
        <dt>Destination</dt>
        <dd>
          {entry.destination.kind} <code>{entry.destination.address}</code>
        </dd>
        <dt>Failed</dt>
        <dd>
          <DateTime value={entry.failed_at} />
        </dd>
        <dt>Attempts</dt>
        <dd>
          {entry.attempts} ({entry.retry_count} by Opsdeck)
        </dd>
        {entry.discard_reason ? (
          <>
            <dt>Discarded because</dt>
            <dd>{entry.discard_reason}</dd>
          </>
        ) : null}
      </dl>
      {canRetry || canDiscard ? (
        <div className="action-row">
          {canRetry ? (
            <button
              type="button"
              className="btn btn-primary"
              aria-disabled={retry.isPending}
              onClick={() => {
                if (retry.isPending) return;
                retry.mutate(entry.dlq_id, {
                  onSuccess: (result) =>
                    result.outcome === 'succeeded'
                      ? toast.success(
                          'Entry retried',
                          `${entry.event_type} was republished to its destination.`,
                        )
                      : toast.error('Retry failed', result.reason ?? 'The destination refused the message.'),
                  onError: (error) => {
                    const description = describeError(error);
                    toast.error('Could not retry the entry', description.detail ?? description.title);
                  },
                });
              }}
            >
              {retry.isPending ? 'Retrying…' : 'Retry'}
            </button>
          ) : null}
          {canDiscard ? (
            <button type="button" className="btn btn-danger-outline" onClick={() => setDiscarding(true)}>
              Discard…
            </button>
          ) : null}
        </div>
      ) : null}

      <h3 className="detail-section-title">Failure</h3>
      <p className="callout callout-danger">{entry.failure_reason}</p>

      <h3 className="detail-section-title">Payload</h3>
      <div className="json-block">
        <pre aria-label="Payload (JSON)">{JSON.stringify(entry.payload, null, 2)}</pre>
      </div>
      {Object.keys(entry.attributes).length > 0 ? (
        <>
          <h3 className="detail-section-title">Attributes</h3>
          <dl className="detail-list">
            {Object.entries(entry.attributes).map(([name, value]) => (
              <div key={name} style={{ display: 'contents' }}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      <h3 className="detail-section-title">Attempts and operations</h3>
      <DataTable columns={['When', 'Operation', 'By', 'Reason']}>
        {entry.history.map((operation) => (
          <tr key={operation.operation_id}>
            <td>
              <DateTime compact value={operation.occurred_at} />
            </td>
            <td>
              {operation.operation}
              {operation.attempt !== null ? ` (attempt ${operation.attempt})` : ''}
              {operation.batch_id ? <span className="muted"> · batch</span> : null}
            </td>
            <td>{operation.actor?.name ?? <span className="muted">platform</span>}</td>
            <td>{operation.reason ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </DataTable>

      <h3 className="detail-section-title">Lineage</h3>
      <dl className="detail-list">
        <dt>Original entry</dt>
        <dd>
          <EntryLink dlqId={entry.lineage.original_dlq_id} current={entry.dlq_id} onOpen={onOpenEntry} />
        </dd>
        <dt>Retried from</dt>
        <dd>
          {entry.lineage.retried_from ? (
            <EntryLink dlqId={entry.lineage.retried_from} current={entry.dlq_id} onOpen={onOpenEntry} />
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>Failed again as</dt>
        <dd>
          {entry.lineage.retried_to.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            entry.lineage.retried_to.map((id) => (
              <EntryLink key={id} dlqId={id} current={entry.dlq_id} onOpen={onOpenEntry} />
            ))
          )}
        </dd>
      </dl>
      {discarding ? <DiscardDlqDialog entry={entry} onClose={() => setDiscarding(false)} /> : null}
    </>
  );
}

function EntryLink({
  dlqId,
  current,
  onOpen,
}: {
  dlqId: string;
  current: string;
  onOpen: (dlqId: string) => void;
}) {
  if (dlqId === current) return <code>{dlqId} (this entry)</code>;
  return (
    <button type="button" className="btn-link" onClick={() => onOpen(dlqId)}>
      <code>{dlqId}</code>
    </button>
  );
}
