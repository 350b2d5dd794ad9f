import { ApiError } from './api-client';

export interface MappedFieldErrors<TField extends string> {
  /** Messages the API attached to one of the form's fields. */
  fields: Partial<Record<TField, string>>;
  /** Messages about anything else, shown above the form. */
  other: string[];
}

/**
 * Spreads a 400's `errors[]` over a form's fields. Paths arrive as `name`, `body.name` or
 * `/name`; the last segment names the field.
 */
export function mapProblemFieldErrors<TField extends string>(
  error: unknown,
  fieldNames: readonly TField[],
): MappedFieldErrors<TField> {
  const mapped: MappedFieldErrors<TField> = { fields: {}, other: [] };
  if (!(error instanceof ApiError)) return mapped;
  for (const fieldError of error.errors) {
    const lastSegment = fieldError.path.split(/[./]/).filter(Boolean).pop() ?? '';
    const field = fieldNames.find((name) => name === lastSegment);
    if (field && mapped.fields[field] === undefined) mapped.fields[field] = fieldError.message;
    else
      mapped.other.push(fieldError.path ? `${fieldError.path}: ${fieldError.message}` : fieldError.message);
  }
  return mapped;
}
