import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { ApiKey } from '../../../types/api';
import { useRevokeApiKey } from '../api/revoke-api-key';

export function RevokeApiKeyDialog({
  apiKey,
  isCurrentSession,
  onClose,
}: {
  apiKey: ApiKey;
  isCurrentSession: boolean;
  onClose: () => void;
}) {
  const revokeApiKey = useRevokeApiKey();
  const toast = useToast();

  function confirm() {
    revokeApiKey.mutate(apiKey.key_id, {
      onSuccess: (revoked) => {
        toast.success(`API key “${revoked.name}” revoked`);
        onClose();
      },
      onError: (error) => {
        const description = describeError(error);
        toast.error(`Could not revoke “${apiKey.name}”`, description.detail ?? description.title);
        onClose();
      },
    });
  }

  return (
    <ConfirmDialog
      open
      title={`Revoke API key “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      tone="danger"
      pending={revokeApiKey.isPending}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        Requests signed with <span className="mono">{apiKey.key_id}</span> are refused from now on. Revoking
        cannot be undone.
      </p>
      {isCurrentSession ? (
        <p className="callout callout-warning">
          This is the key you are signed in with: the console will sign you out.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
