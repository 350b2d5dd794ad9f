import type { ReactNode } from 'react';
import { describeError } from '../../lib/errors';
import { ConfirmDialog } from './confirm-dialog';
import { useToast } from './toast';

/** The parts of a delete mutation the dialog drives. */
export interface DeleteMutation<TId> {
  isPending: boolean;
  mutate: (id: TId, options: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
}

/**
 * Asks before deleting one item; on confirm runs the mutation, toasts the outcome (the success with
 * `name`, a failure with the API's reason) and closes either way.
 */
export function DeleteDialog<TId>({
  title,
  confirmLabel,
  mutation,
  id,
  name,
  successTitle,
  errorTitle,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  mutation: DeleteMutation<TId>;
  id: TId;
  name: string;
  successTitle: string;
  errorTitle: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const toast = useToast();
  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={confirmLabel}
      tone="danger"
      pending={mutation.isPending}
      onCancel={onClose}
      onConfirm={() =>
        mutation.mutate(id, {
          onSuccess: () => {
            toast.success(successTitle, name);
            onClose();
          },
          onError: (error) => {
            const description = describeError(error);
            toast.error(errorTitle, description.detail ?? description.title);
            onClose();
          },
        })
      }
    >
      {children}
    </ConfirmDialog>
  );
}
