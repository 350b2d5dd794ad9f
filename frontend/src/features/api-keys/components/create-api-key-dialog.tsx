import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { ErrorState } from '../../../components/ui/states';
import { assignableRoles, ROLE_LABELS } from '../../../lib/authorization';
import { mapProblemFieldErrors } from '../../../lib/form-errors';
import { PLATFORM_TENANT_ID, type CreatedApiKey, type Role } from '../../../types/api';
import { useCreateApiKey } from '../api/create-api-key';

const FIELDS = ['name', 'role'] as const;
type KeyField = (typeof FIELDS)[number];

const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Read-only access.',
  operator: 'Viewer, plus the operations actions (/ops).',
  admin: 'Operator, plus configuration changes and key management.',
  super_admin: 'Everything, on every tenant.',
  ingest: 'For platform workers that send events to the ingest API; cannot use the console.',
};

export interface CreateApiKeyDialogProps {
  tenantId: string;
  onClose: () => void;
  /** Receives the new key with its secret; the caller shows it once and then forgets it. */
  onCreated: (apiKey: CreatedApiKey) => void;
}

/** The "New API key" form. Mounted only while open, so every opening starts blank. */
export function CreateApiKeyDialog({ tenantId, onClose, onCreated }: CreateApiKeyDialogProps) {
  const createApiKey = useCreateApiKey(tenantId);
  const formId = useId();
  const roles = assignableRoles(tenantId);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [errors, setErrors] = useState<Partial<Record<KeyField, string>>>({});
  const [formError, setFormError] = useState<unknown>(null);

  const close = () => {
    if (!createApiKey.isPending) onClose();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (createApiKey.isPending) return;
    setFormError(null);
    if (name.trim() === '') {
      setErrors({ name: 'Enter a name that says who or what will use the key.' });
      return;
    }
    setErrors({});
    createApiKey.mutate(
      { name: name.trim(), role },
      {
        onSuccess: (created) => onCreated(created),
        onError: (error) => {
          const mapped = mapProblemFieldErrors(error, FIELDS);
          setErrors(mapped.fields);
          if (Object.keys(mapped.fields).length === 0 || mapped.other.length > 0) setFormError(error);
        },
      },
    );
  }

  return (
    <Dialog
      open
      title={tenantId === PLATFORM_TENANT_ID ? 'New platform API key' : `New API key for ${tenantId}`}
      onClose={close}
      footer={
        <>
          <button type="button" className="btn" onClick={close} aria-disabled={createApiKey.isPending}>
            Cancel
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            aria-disabled={createApiKey.isPending}
          >
            {createApiKey.isPending ? 'Creating…' : 'Create key'}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit} noValidate>
        {formError ? <ErrorState error={formError} title="The key was not created" /> : null}
        <Field label="Name" hint="For example “CI pipeline” or “Jane Doe”." error={errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              autoComplete="off"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field label="Role" hint={ROLE_HINTS[role]} error={errors.role}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
            >
              {roles.map((choice) => (
                <option key={choice} value={choice}>
                  {ROLE_LABELS[choice]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}
