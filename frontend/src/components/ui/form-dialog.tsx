import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../lib/api-client';
import { describeError } from '../../lib/errors';
import { Dialog, type DialogProps } from './dialog';

/**
 * A form's field errors (keyed by the API's path without `body.`) and its one-line error above the
 * fields. `showError` spreads a rejected save over both.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  function showError(error: unknown) {
    if (error instanceof ApiError && error.errors.length > 0) {
      setErrors(
        Object.fromEntries(
          error.errors.map((problem) => [problem.path.replace(/^body\./, ''), problem.message]),
        ),
      );
    }
    const description = describeError(error);
    setFormError(description.detail ?? description.title);
  }

  return { errors, setErrors, formError, setFormError, showError };
}

/**
 * A dialog holding one form: Cancel and a submit button in the footer (both inert while saving, the
 * dialog not closing either), the form's error above its fields.
 */
export function FormDialog({
  title,
  size,
  formId,
  pending,
  submitLabel,
  formError,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  size?: DialogProps['size'];
  formId: string;
  pending: boolean;
  /** The submit button's text when not saving. */
  submitLabel: string;
  formError: string | undefined;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      open
      title={title}
      {...(size ? { size } : {})}
      onClose={() => {
        if (!pending) onClose();
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} aria-disabled={pending}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" aria-disabled={pending}>
            {pending ? 'Saving…' : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={onSubmit} noValidate>
        {formError ? (
          <p className="callout callout-danger" role="alert">
            {formError}
          </p>
        ) : null}
        {children}
      </form>
    </Dialog>
  );
}
