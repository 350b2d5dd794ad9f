import { useRef, type ReactNode } from 'react';
import { Dialog } from './dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in words the user can check before agreeing. */
  children: ReactNode;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  /**
   * While the action runs the buttons are inert and Escape does nothing. They stay focusable
   * (aria-disabled, not disabled): a disabled button drops keyboard focus to the page body.
   */
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a consequential action; focus starts on Cancel so Enter never confirms by accident. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = 'primary',
  pending = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    if (!pending) onCancel();
  };
  return (
    <Dialog
      open={open}
      title={title}
      role="alertdialog"
      size="small"
      onClose={cancel}
      initialFocusRef={cancelRef}
      description={children}
      footer={
        <>
          <button ref={cancelRef} type="button" className="btn" onClick={cancel} aria-disabled={pending}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${tone === 'danger' ? 'btn-danger' : 'btn-primary'}`}
            onClick={() => {
              if (!pending) onConfirm();
            }}
            aria-disabled={pending}
          >
            {pending ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    />
  );
}
