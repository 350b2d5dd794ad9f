import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorState } from '../../../components/ui/states';
import { queryKeys } from '../../../lib/query-keys';
import { useDlqBatch } from '../api/retry-dlq-batch';

/** A running batch retry's progress bar, polled every second until it completes. */
export function DlqBatchProgress({ batchId, onDismiss }: { batchId: string; onDismiss: () => void }) {
  const batch = useDlqBatch(batchId);
  const queryClient = useQueryClient();
  const completed = batch.data?.status === 'completed';
  const processed = batch.data ? batch.data.done + batch.data.failed + batch.data.skipped : 0;

  useEffect(() => {
    // The entries changed status: show their final state.
    if (completed) void queryClient.invalidateQueries({ queryKey: queryKeys.dlq.all() });
  }, [completed, queryClient]);

  if (batch.isError && !batch.data)
    return <ErrorState error={batch.error} title="Could not read the batch's progress" />;
  if (!batch.data) return null;
  return (
    <div
      className={`callout ${completed ? (batch.data.failed > 0 ? 'callout-warning' : 'callout-success') : ''}`}
      role="status"
    >
      <p>
        <strong>{completed ? 'Batch retry finished' : 'Batch retry running'}</strong>: {processed} of{' '}
        {batch.data.total} processed — {batch.data.done} succeeded, {batch.data.failed} failed,{' '}
        {batch.data.skipped} skipped
        {batch.data.not_found.length > 0 ? `, ${batch.data.not_found.length} not found` : ''}.
      </p>
      <progress
        className="progress"
        max={batch.data.total || 1}
        value={processed}
        aria-label="Batch retry progress"
      />
      {completed ? (
        <button type="button" className="btn btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
