import { useState } from 'react';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { DlqSummary } from '../../../types/ops';
import { useDiscardDlqEntry } from '../api/discard-dlq-entry';

/** Asks for the reason (required, kept with the entry and in the audit trail) before discarding. */
export function DiscardDlqDialog({ entry, onClose }: { entry: DlqSummary; onClose: () => void }) {
  const discard = useDiscardDlqEntry();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  function confirm() {
    if (discard.isPending) return;
    if (!reason.trim()) {
      setError('Say why this entry is discarded.');
      return;
    }
    discard.mutate(
      { dlqId: entry.dlq_id, reason: reason.trim() },
      {
        onSuccess: () => {
          toast.success('Entry discarded', entry.dlq_id);
          onClose();
        },
        onError: (failure) => {
          const description = describeError(failure);
          setError(description.detail ?? description.title);
        },
      },
    );
  }

  return (
    <Dialog
      open
      title="Discard this entry?"
      role="alertdialog"
      onClose={() => {
        if (!discard.isPending) onClose();
      }}
      description={
        <p>
          The {entry.event_type} event <code>{entry.event_id}</code> of {entry.tenant_id} will not be retried
          again. The entry and its payload are kept.
        </p>
      }
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} aria-disabled={discard.isPending}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={confirm}
            aria-disabled={discard.isPending}
          >
            {discard.isPending ? 'Discarding…' : 'Discard entry'}
          </button>
        </>
      }
    >
      <Field label="Reason" error={error} hint="Recorded with the entry and in the audit trail.">
        {(control) => (
          <textarea
            {...control}
            className="input"
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
