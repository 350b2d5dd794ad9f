import { useState } from 'react';
import { DateTime } from '../../../components/ui/date-time';
import { QueryStates, StaleDataWarning } from '../../../components/ui/data-table';
import { Panel } from '../../../components/ui/panel';
import { EmptyState } from '../../../components/ui/states';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { DlqSummary } from '../../../types/ops';
import { useDlqEntries, type DlqFilters } from '../api/list-dlq-entries';
import { useRetryDlqBatch } from '../api/retry-dlq-batch';
import { useRetryDlqEntry } from '../api/retry-dlq-entry';
import { DlqBatchProgress } from './dlq-batch-progress';
import { DlqStatusBadge } from './dlq-status-badge';

export interface DlqEntriesPanelProps {
  filters: DlqFilters;
  selectedEntry: string | null;
  onOpenEntry: (dlqId: string) => void;
  /** False hides retry and batch selection (the API refuses them below operator anyway). */
  canOperate: boolean;
}

/** The entries table: filters applied, checkbox selection for a batch retry, retry per row, pages. */
export function DlqEntriesPanel({ filters, selectedEntry, onOpenEntry, canOperate }: DlqEntriesPanelProps) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1) ?? null;
  const entries = useDlqEntries(filters, cursor);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [batchId, setBatchId] = useState<string | null>(null);
  const retry = useRetryDlqEntry();
  const batch = useRetryDlqBatch();
  const toast = useToast();
  const items = entries.data?.items ?? [];
  const retryable = items.filter((entry) => entry.status === 'pending');
  const allSelected = retryable.length > 0 && retryable.every((entry) => selected.has(entry.dlq_id));

  function toggle(dlqId: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(dlqId)) next.delete(dlqId);
      else next.add(dlqId);
      return next;
    });
  }

  function retryOne(entry: DlqSummary) {
    if (retry.isPending) return;
    retry.mutate(entry.dlq_id, {
      onSuccess: (result) =>
        result.outcome === 'succeeded'
          ? toast.success('Entry retried', `${entry.event_type} was republished to its destination.`)
          : toast.error('Retry failed', result.reason ?? 'The destination refused the message.'),
      onError: (error) => {
        const description = describeError(error);
        toast.error('Could not retry the entry', description.detail ?? description.title);
      },
    });
  }

  function retrySelected() {
    if (batch.isPending || selected.size === 0) return;
    batch.mutate([...selected], {
      onSuccess: (started) => {
        setBatchId(started.batch_id);
        setSelected(new Set());
      },
      onError: (error) => {
        const description = describeError(error);
        toast.error('Could not start the batch retry', description.detail ?? description.title);
      },
    });
  }

  return (
    <Panel
      title="Entries"
      description="Newest first. Open an entry for its payload, failure, attempts and lineage."
      actions={
        canOperate ? (
          <button
            type="button"
            className="btn btn-primary"
            aria-disabled={selected.size === 0 || batch.isPending}
            onClick={retrySelected}
          >
            {batch.isPending ? 'Starting…' : `Retry selected (${selected.size})`}
          </button>
        ) : null
      }
    >
      {batchId ? <DlqBatchProgress batchId={batchId} onDismiss={() => setBatchId(null)} /> : null}
      <QueryStates
        query={entries}
        empty={items.length === 0}
        loadingLabel="Loading dead letters…"
        errorTitle="Could not load dead letters"
        emptyState={
          <EmptyState
            title={
              Object.values(filters).some(Boolean)
                ? 'No entries match these filters'
                : 'The dead-letter queue is empty'
            }
          >
            <p>Messages that workers could not process land here.</p>
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <>
          <StaleDataWarning query={entries} />
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  {canOperate ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select every pending entry on this page"
                        checked={allSelected}
                        disabled={retryable.length === 0}
                        onChange={() =>
                          setSelected(
                            allSelected ? new Set() : new Set(retryable.map((entry) => entry.dlq_id)),
                          )
                        }
                      />
                    </th>
                  ) : null}
                  <th scope="col">Failed</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Event type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Failure</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr
                    key={entry.dlq_id}
                    className={entry.dlq_id === selectedEntry ? 'row-expanded' : undefined}
                  >
                    {canOperate ? (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${entry.event_type} ${entry.dlq_id}`}
                          checked={selected.has(entry.dlq_id)}
                          disabled={entry.status !== 'pending'}
                          onChange={() => toggle(entry.dlq_id)}
                        />
                      </td>
                    ) : null}
                    <td>
                      <DateTime compact value={entry.failed_at} />
                    </td>
                    <td>{entry.tenant_id}</td>
                    <td>{entry.event_type}</td>
                    <td>
                      <DlqStatusBadge status={entry.status} />
                    </td>
                    <td className="cell-truncate" title={entry.failure_reason}>
                      {entry.failure_reason}
                    </td>
                    <td>
                      {entry.attempts}
                      {entry.retry_count > 0 ? ` (${entry.retry_count} retried)` : ''}
                    </td>
                    <td>
                      <div className="action-row">
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`Open ${entry.event_type} ${entry.dlq_id}`}
                          aria-pressed={entry.dlq_id === selectedEntry}
                          onClick={() => onOpenEntry(entry.dlq_id)}
                        >
                          Open
                        </button>
                        {canOperate && entry.status === 'pending' ? (
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={`Retry ${entry.event_type} ${entry.dlq_id}`}
                            aria-disabled={retry.isPending}
                            onClick={() => retryOne(entry)}
                          >
                            {retry.isPending && retry.variables === entry.dlq_id ? 'Retrying…' : 'Retry'}
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {entries.data && (cursors.length > 0 || entries.data.next_cursor) ? (
        <nav className="pager" aria-label="Dead-letter pages">
          <button
            type="button"
            className="btn btn-small"
            aria-disabled={cursors.length === 0}
            onClick={() => {
              if (cursors.length > 0) setCursors((current) => current.slice(0, -1));
            }}
          >
            Previous
          </button>
          <span className="pager-status" aria-live="polite">
            Page {cursors.length + 1}
            {entries.isPlaceholderData ? ' — loading…' : ''}
          </span>
          <button
            type="button"
            className="btn btn-small"
            aria-disabled={!entries.data.next_cursor || entries.isPlaceholderData}
            onClick={() => {
              const next = entries.data?.next_cursor;
              if (next && !entries.isPlaceholderData) setCursors((current) => [...current, next]);
            }}
          >
            Next
          </button>
        </nav>
      ) : null}
    </Panel>
  );
}
