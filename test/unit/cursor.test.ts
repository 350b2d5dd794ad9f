import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../shared/errors/typed-errors';
import { decodeCursor, encodeCursor } from '../../shared/pagination/cursor';

describe('pagination cursors', () => {
  it('round-trips a key and returns null at the end of a listing', () => {
    const key = { pk: 'TENANT#acme', sk: 'SEQ#000000000002', gsi1pk: 'TENANT#acme', gsi1sk: 'x' };
    expect(decodeCursor(encodeCursor(key)!, { gsi1pk: 'TENANT#acme' })).toEqual(key);
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, { gsi1pk: 'x' })).toBeUndefined();
  });

  it("refuses a cursor that points into another tenant's partition", () => {
    const foreign = encodeCursor({ gsi1pk: 'TENANT#globex', gsi1sk: 'x' })!;
    expect(() => decodeCursor(foreign, { gsi1pk: 'TENANT#acme' })).toThrow(InvalidCursorError);
  });

  it('refuses garbage and non-string keys', () => {
    expect(() => decodeCursor('%%%', { pk: 'a' })).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('[1]').toString('base64url'), {})).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('{"pk":{"S":"a"}}').toString('base64url'), {})).toThrow(
      InvalidCursorError,
    );
  });
});
