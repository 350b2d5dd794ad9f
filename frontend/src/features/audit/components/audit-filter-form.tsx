import type { FormEvent } from 'react';
import {
  FilterActions,
  TimeRangeFields,
  useTimeRangeInput,
  type TimeRangeIso,
} from '../../../components/ui/filter-form';

export type AuditTimeRange = TimeRangeIso;

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
  const range = useTimeRangeInput(value);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const applied = range.read();
    if (applied) onApply(applied);
  }

  function clear() {
    range.clear();
    onApply({ from: null, to: null });
  }

  return (
    <form className="filter-bar" onSubmit={submit} noValidate aria-label="Audit time range">
      <TimeRangeFields range={range} fromLabel="From (local time)" toLabel="To (local time)" />
      <FilterActions onClear={clear} />
    </form>
  );
}
