import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/field';
import {
  ChoiceFilter,
  FilterActions,
  TimeRangeFields,
  useTimeRangeInput,
} from '../../../components/ui/filter-form';
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
  const range = useTimeRangeInput(value);
  const [text, setText] = useState(value.q ?? '');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const applied = range.read();
    if (!applied) return;
    onApply({
      event_type: eventType.trim() || undefined,
      status: status || undefined,
      from: applied.from ?? undefined,
      to: applied.to ?? undefined,
      q: text.trim() || undefined,
    });
  }

  function clear() {
    setEventType('');
    setStatus('');
    range.clear();
    setText('');
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
      <ChoiceFilter
        label="Status"
        value={status}
        anyLabel="Any status"
        choices={DLQ_STATUSES}
        onChange={setStatus}
      />
      <TimeRangeFields range={range} fromLabel="From (local time)" toLabel="To (local time)" />
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
      <FilterActions onClear={clear} />
    </form>
  );
}
