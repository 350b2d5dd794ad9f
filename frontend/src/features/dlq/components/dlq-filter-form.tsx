import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import { isoToLocalInput, localInputToIso } from '../../../lib/format';
import { DLQ_STATUSES, type DlqStatus } from '../../../types/ops';
import type { DlqFilters } from '../api/list-dlq-entries';

/**
 * The list's filters except the tenant (the page's tenant picker): event type, status, a time range
 * (typed in local time, applied as UTC) and text in the failure reason. Applied as a whole.
 */
export function DlqFilterForm({
  value,
  onApply,
}: {
  value: DlqFilters;
  onApply: (filters: Omit<DlqFilters, 'tenant_id'>) => void;
}) {
  const [eventType, setEventType] = useState(value.event_type ?? '');
  const [status, setStatus] = useState<DlqStatus | ''>(value.status ?? '');
  const [from, setFrom] = useState(isoToLocalInput(value.from));
  const [to, setTo] = useState(isoToLocalInput(value.to));
  const [text, setText] = useState(value.q ?? '');
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
      event_type: eventType.trim() || undefined,
      status: status || undefined,
      from: range.from ?? undefined,
      to: range.to ?? undefined,
      q: text.trim() || undefined,
    });
  }

  function clear() {
    setEventType('');
    setStatus('');
    setFrom('');
    setTo('');
    setText('');
    setError(undefined);
    onApply({});
  }

  return (
    <form className="filter-grid" onSubmit={submit} noValidate aria-label="Dead-letter filters">
      <Field label="Event type">
        {(control) => (
          <input
            {...control}
            className="input"
            value={eventType}
            placeholder="e.g. PolicyEvaluated"
            onChange={(event) => setEventType(event.target.value)}
          />
        )}
      </Field>
      <Field label="Status">
        {(control) => (
          <select
            {...control}
            className="select"
            value={status}
            onChange={(event) => setStatus(event.target.value as DlqStatus | '')}
          >
            <option value="">Any status</option>
            {DLQ_STATUSES.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        )}
      </Field>
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
      <Field label="Failure reason contains">
        {(control) => (
          <input
            {...control}
            className="input"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
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
