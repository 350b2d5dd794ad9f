import { InvalidCursorError } from '../errors/typed-errors';

type Key = Record<string, unknown>;

/**
 * Opaque cursors: the DynamoDB LastEvaluatedKey, base64url-encoded. Decoding checks that the key
 * belongs to the partition being read, so a forged cursor can never step into another tenant's data.
 */
export function encodeCursor(key: Key | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined, expected: Key): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(
      'The cursor could not be decoded; pass back the next_cursor you were given.',
    );
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    throw new InvalidCursorError(
      'The cursor could not be decoded; pass back the next_cursor you were given.',
    );
  }
  const record = key as Key;
  for (const [name, value] of Object.entries(expected)) {
    if (record[name] !== value) {
      throw new InvalidCursorError('The cursor belongs to a different listing.');
    }
  }
  const allStrings = Object.values(record).every((value) => typeof value === 'string');
  if (!allStrings || Object.keys(record).length > 4) {
    throw new InvalidCursorError(
      'The cursor could not be decoded; pass back the next_cursor you were given.',
    );
  }
  return record;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
