import { useState, type FormEvent } from 'react';
import {
  ChoiceFilter,
  FilterActions,
  TimeRangeFields,
  useTimeRangeInput,
} from '../../../components/ui/filter-form';
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
  const range = useTimeRangeInput(value);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const applied = range.read();
    if (!applied) return;
    onApply({
      type: type || undefined,
      status: status || undefined,
      from: applied.from ?? undefined,
      to: applied.to ?? undefined,
    });
  }

  function clear() {
    setType('');
    setStatus('');
    range.clear();
    onApply({});
  }

  return (
    <form className="filter-grid" onSubmit={submit} noValidate aria-label="Alert filters">
      <ChoiceFilter
        label="Type"
        value={type}
        anyLabel="Any type"
        choices={ALERT_TYPES}
        choiceLabel={alertTypeLabel}
        onChange={setType}
      />
      <ChoiceFilter
        label="Status"
        value={status}
        anyLabel="Any status"
        choices={ALERT_STATUSES}
        onChange={setStatus}
      />
      <TimeRangeFields
        range={range}
        fromLabel="Triggered from (local time)"
        toLabel="Triggered to (local time)"
      />
      <FilterActions onClear={clear} />
    </form>
  );
}
