import { useId } from 'react';

export interface SegmentedControlProps<T extends string> {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  /** How each option is shown; the value itself by default. */
  format?: (value: T) => string;
}

/** A small set of mutually exclusive choices (a time range, a period) as toggle buttons. */
export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
  format = (option) => option,
}: SegmentedControlProps<T>) {
  const labelId = useId();
  return (
    <div className="control-group">
      <span id={labelId} className="field-label">
        {label}
      </span>
      <div className="segmented" role="group" aria-labelledby={labelId}>
        {options.map((option) => (
          <button key={option} type="button" aria-pressed={option === value} onClick={() => onChange(option)}>
            {format(option)}
          </button>
        ))}
      </div>
    </div>
  );
}
