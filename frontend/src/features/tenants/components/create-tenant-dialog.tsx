import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/ui/dialog';
import { Field } from '../../../components/ui/field';
import { ErrorState } from '../../../components/ui/states';
import { useToast } from '../../../components/ui/toast';
import { ApiError } from '../../../lib/api-client';
import { mapProblemFieldErrors } from '../../../lib/form-errors';
import { PLATFORM_TENANT_ID } from '../../../types/api';
import { useCreateTenant } from '../api/create-tenant';
import { isKnownTimeZone, listTimeZones } from '../time-zones';

const FIELDS = ['tenant_id', 'name', 'time_zone'] as const;
type TenantField = (typeof FIELDS)[number];
type TenantFormValues = Record<TenantField, string>;
type TenantFormErrors = Partial<Record<TenantField, string>>;

// The API's own rule (shared/tenants/tenant-schemas.ts): a lower-case slug of 3-63 characters.
const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;
const NAME_MAX_LENGTH = 200;

/** Checks the form before it is sent; the API validates again and its messages land on the same fields. */
export function validateTenantForm(values: TenantFormValues): TenantFormErrors {
  const errors: TenantFormErrors = {};
  const tenantId = values.tenant_id.trim();
  if (tenantId === '') errors.tenant_id = 'Enter a tenant id.';
  else if (tenantId === PLATFORM_TENANT_ID)
    errors.tenant_id = '"platform" is reserved for platform-wide keys.';
  else if (!TENANT_ID_PATTERN.test(tenantId)) {
    errors.tenant_id =
      'Use up to 64 letters, digits, hyphens or underscores, starting with a letter or digit.';
  }
  if (values.name.trim() === '') errors.name = 'Enter a name.';
  else if (values.name.trim().length > NAME_MAX_LENGTH)
    errors.name = `Use at most ${NAME_MAX_LENGTH} characters.`;
  const timeZone = values.time_zone.trim();
  if (timeZone === '') errors.time_zone = 'Enter a time zone, e.g. UTC or Europe/Berlin.';
  else if (!isKnownTimeZone(timeZone))
    errors.time_zone = `"${timeZone}" is not an IANA time zone this browser knows.`;
  return errors;
}

/** The "New tenant" form. Mounted only while open, so every opening starts blank. */
export function CreateTenantDialog({ onClose }: { onClose: () => void }) {
  const createTenant = useCreateTenant();
  const toast = useToast();
  const timeZoneListId = useId();
  const [values, setValues] = useState<TenantFormValues>({ tenant_id: '', name: '', time_zone: 'UTC' });
  const [errors, setErrors] = useState<TenantFormErrors>({});
  const [formError, setFormError] = useState<unknown>(null);

  const setValue = (field: TenantField, value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const close = () => {
    if (!createTenant.isPending) onClose();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (createTenant.isPending) return;
    const found = validateTenantForm(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;

    const input = {
      tenant_id: values.tenant_id.trim(),
      name: values.name.trim(),
      time_zone: values.time_zone.trim(),
    };
    createTenant.mutate(input, {
      onSuccess: (tenant) => {
        toast.success(`Tenant “${tenant.name}” created`, `Tenant id ${tenant.tenant_id}`);
        onClose();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          setErrors({ tenant_id: `A tenant with the id “${input.tenant_id}” already exists.` });
          return;
        }
        const mapped = mapProblemFieldErrors(error, FIELDS);
        setErrors(mapped.fields);
        if (Object.keys(mapped.fields).length === 0 || mapped.other.length > 0) setFormError(error);
      },
    });
  }

  const formId = useId();
  return (
    <Dialog
      open
      title="New tenant"
      onClose={close}
      footer={
        <>
          <button type="button" className="btn" onClick={close} aria-disabled={createTenant.isPending}>
            Cancel
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            aria-disabled={createTenant.isPending}
          >
            {createTenant.isPending ? 'Creating…' : 'Create tenant'}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit} noValidate>
        {formError ? <ErrorState error={formError} title="The tenant was not created" /> : null}
        <Field
          label="Tenant id"
          hint="3–63 lower-case letters, digits and hyphens. It cannot be changed later."
          error={errors.tenant_id}
        >
          {(control) => (
            <input
              {...control}
              className="input mono"
              autoComplete="off"
              spellCheck={false}
              value={values.tenant_id}
              onChange={(event) => setValue('tenant_id', event.target.value)}
            />
          )}
        </Field>
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              autoComplete="off"
              value={values.name}
              onChange={(event) => setValue('name', event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Time zone"
          hint="IANA name, e.g. Europe/Berlin. Daily, weekly and monthly figures are grouped in this zone."
          error={errors.time_zone}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              list={timeZoneListId}
              autoComplete="off"
              spellCheck={false}
              value={values.time_zone}
              onChange={(event) => setValue('time_zone', event.target.value)}
            />
          )}
        </Field>
        <datalist id={timeZoneListId}>
          {listTimeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </form>
    </Dialog>
  );
}
