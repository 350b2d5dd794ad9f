import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import { isoToLocalInput, localInputToIso } from '../../../lib/format';
import { ALERT_STATUSES, ALERT_TYPES, type AlertStatus, type AlertType } from '../../../types/ops';
import type { AlertHistoryFilters } from '../api/list-alert-history';
import { alertTypeLabel } from './alert-badges';

type Filters = Omit<AlertHistoryFilters, 'tenant_id'>;

/** Type, status and the trigger-time range (local time in, UTC out), applied as a whole. */
export function AlertHistoryFilterForm({
  value,
  onApply,
}: {
  value: Filters;
  onApply: (filters: Filters) => void;
}) {
  const [type, setType] = useState<AlertType | ''>(value.type ?? '');
  const [status, setStatus] = useState<AlertStatus | ''>(value.status ?? '');
  const [from, setFrom] = useState(isoToLocalInput(value.from));
  const [to, setTo] = useState(isoToLocalInput(value.to));
  const [error, setError] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const range = { from: localInputToIso(from), to: localInputToIso(to) };
    if (range.from && range.to && range.from > range.to) {
      setError('“To” must be later than “From”.');
      return;
    }
    setError(undefined);
    onApply({
      type: type || undefined,
      status: status || undefined,
      from: range.from ?? undefined,
      to: range.to ?? undefined,
    });
  }

  return (
    <form className="filter-grid" onSubmit={submit} noValidate aria-label="Alert filters">
      <Field label="Type">
        {(control) => (
          <select
            {...control}
            className="select"
            value={type}
            onChange={(event) => setType(event.target.value as AlertType | '')}
          >
            <option value="">Any type</option>
            {ALERT_TYPES.map((choice) => (
              <option key={choice} value={choice}>
                {alertTypeLabel(choice)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Status">
        {(control) => (
          <select
            {...control}
            className="select"
            value={status}
            onChange={(event) => setStatus(event.target.value as AlertStatus | '')}
          >
            <option value="">Any status</option>
            {ALERT_STATUSES.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Triggered from (local time)">
        {(control) => (
          <input
            {...control}
            className="input"
            type="datetime-local"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        )}
      </Field>
      <Field label="Triggered to (local time)" error={error}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="datetime-local"
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        )}
      </Field>
      <div className="filter-bar-actions">
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setType('');
            setStatus('');
            setFrom('');
            setTo('');
            setError(undefined);
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
