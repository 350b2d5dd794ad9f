import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import { isoToLocalInput, localInputToIso } from '../../../lib/format';

export interface AuditTimeRange {
  from: string | null;
  to: string | null;
}

/**
 * From/to filters, typed in local time and applied as UTC ISO-8601. The page keeps the applied
 * range in the URL, so a filtered view can be bookmarked and shared.
 */
export function AuditFilterForm({
  value,
  onApply,
}: {
  value: AuditTimeRange;
  onApply: (range: AuditTimeRange) => void;
}) {
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
    onApply(range);
  }

  function clear() {
    setFrom('');
    setTo('');
    setError(undefined);
    onApply({ from: null, to: null });
  }

  return (
    <form className="filter-bar" onSubmit={submit} noValidate aria-label="Audit time range">
      <Field label="From (local time)">
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
      <Field label="To (local time)" error={error}>
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
        <button type="button" className="btn" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
