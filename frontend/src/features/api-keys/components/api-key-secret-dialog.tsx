import { useRef } from 'react';
import { CopyField } from '../../../components/ui/copy-field';
import { Dialog } from '../../../components/ui/dialog';
import { roleLabel } from '../../../lib/authorization';
import type { CreatedApiKey } from '../../../types/api';

/**
 * Shows a new key's secret, the only time the API ever returns it. A stray click outside does
 * not close it; "Done" (or Escape) does, and the caller then discards the secret.
 */
export function ApiKeySecretDialog({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  const doneRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open
      title="Copy the new API key"
      onClose={onDone}
      closeOnBackdropClick={false}
      size="large"
      initialFocusRef={doneRef}
      description={
        <p className="callout callout-warning">
          <strong>This secret is shown only once.</strong> Copy it now and store it in a secret manager. If it
          is lost, revoke the key and create a new one.
        </p>
      }
      footer={
        <button ref={doneRef} type="button" className="btn btn-primary" onClick={onDone}>
          Done, I have copied it
        </button>
      }
    >
      <dl className="details details-inline">
        <div>
          <dt>Name</dt>
          <dd>{apiKey.name}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{roleLabel(apiKey.role)}</dd>
        </div>
        <div>
          <dt>Key id</dt>
          <dd className="mono">{apiKey.key_id}</dd>
        </div>
      </dl>
      <CopyField label="Secret" value={apiKey.secret} />
    </Dialog>
  );
}
