import { useState } from 'react';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { Field } from './field';

export interface TimeRangeIso {
  from: string | null;
  to: string | null;
}

/**
 * The from/to pair of a filter form: typed in local time, read back as UTC ISO-8601. `read()` checks
 * the order, sets the inline error and returns the range, or null when "to" comes before "from".
 */
export function useTimeRangeInput(initial: { from?: string | null; to?: string | null }) {
  const [from, setFrom] = useState(isoToLocalInput(initial.from));
  const [to, setTo] = useState(isoToLocalInput(initial.to));
  const [error, setError] = useState<string>();

  function read(): TimeRangeIso | null {
    const range = { from: localInputToIso(from), to: localInputToIso(to) };
    if (range.from && range.to && range.from > range.to) {
      setError('“To” must be later than “From”.');
      return null;
    }
    setError(undefined);
    return range;
  }

  function clear() {
    setFrom('');
    setTo('');
    setError(undefined);
  }

  return { from, to, setFrom, setTo, error, read, clear };
}

export type TimeRangeInput = ReturnType<typeof useTimeRangeInput>;

/** The two datetime-local fields of a filter form; the order error shows under "to". */
export function TimeRangeFields({
  range,
  fromLabel,
  toLabel,
}: {
  range: TimeRangeInput;
  fromLabel: string;
  toLabel: string;
}) {
  return (
    <>
      <Field label={fromLabel}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="datetime-local"
            value={range.from}
            onChange={(event) => range.setFrom(event.target.value)}
          />
        )}
      </Field>
      <Field label={toLabel} error={range.error}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="datetime-local"
            value={range.to}
            onChange={(event) => range.setTo(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** Apply (submits the form) and Clear, at the end of a filter form. */
export function FilterActions({ onClear }: { onClear: () => void }) {
  return (
    <div className="filter-bar-actions">
      <button type="submit" className="btn btn-primary">
        Apply
      </button>
      <button type="button" className="btn" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}

/** A filter's drop-down: "any" (the empty value) first, then one option per choice. */
export function ChoiceFilter<T extends string>({
  label,
  value,
  anyLabel,
  choices,
  choiceLabel = (choice) => choice,
  onChange,
}: {
  label: string;
  value: T | '';
  anyLabel: string;
  choices: readonly T[];
  choiceLabel?: (choice: T) => string;
  onChange: (value: T | '') => void;
}) {
  return (
    <Field label={label}>
      {(control) => (
        <select
          {...control}
          className="select"
          value={value}
          onChange={(event) => onChange(event.target.value as T | '')}
        >
          <option value="">{anyLabel}</option>
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choiceLabel(choice)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
