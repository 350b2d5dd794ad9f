import { useId } from 'react';
import { describeError } from '../../../lib/errors';
import { PLATFORM_TENANT_ID } from '../../../types/api';
import { TENANT_OPTIONS_CAP, useTenantOptions } from '../api/list-tenants';

export interface TenantPickerProps {
  value: string | null;
  onChange: (tenantId: string | null) => void;
  /** Offers the special `platform` tenant (platform-wide keys and events). */
  includePlatform?: boolean;
  label?: string;
  /** The text of the empty choice; "All tenants" where no tenant means the whole platform. */
  emptyLabel?: string;
}

/** Chooses the tenant a page works on, for platform principals. */
export function TenantPicker({
  value,
  onChange,
  includePlatform = false,
  label = 'Tenant',
  emptyLabel = 'Choose a tenant…',
}: TenantPickerProps) {
  const id = useId();
  const messageId = useId();
  const options = useTenantOptions();
  const tenants = options.data?.tenants ?? [];
  // A tenant named in the URL stays selectable even when it is not among the loaded options.
  const valueIsListed =
    value === null || value === PLATFORM_TENANT_ID || tenants.some((t) => t.tenant_id === value);

  return (
    <div className="tenant-picker">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value ?? ''}
        aria-describedby={options.isError || options.data?.truncated ? messageId : undefined}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">{options.isPending ? 'Loading tenants…' : emptyLabel}</option>
        {includePlatform ? <option value={PLATFORM_TENANT_ID}>Platform (platform-wide)</option> : null}
        {!valueIsListed && value ? <option value={value}>{value}</option> : null}
        {tenants.map((tenant) => (
          <option key={tenant.tenant_id} value={tenant.tenant_id}>
            {tenant.name} ({tenant.tenant_id}){tenant.status === 'SUSPENDED' ? ' — suspended' : ''}
          </option>
        ))}
      </select>
      {options.isError ? (
        <p id={messageId} className="field-error" role="alert">
          Could not load tenants: {describeError(options.error).title}.{' '}
          <button type="button" className="btn-link" onClick={() => void options.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      {options.data?.truncated ? (
        <p id={messageId} className="field-hint">
          Only the first {TENANT_OPTIONS_CAP} tenants are listed.
        </p>
      ) : null}
    </div>
  );
}
