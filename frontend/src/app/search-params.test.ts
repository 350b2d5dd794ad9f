import { describe, expect, it } from 'vitest';
import { sanitizeRedirect, validateAuditSearch, validateSignInSearch } from './search-params';

describe('search params', () => {
  it('only returns to console paths after sign-in', () => {
    expect(sanitizeRedirect('/admin/audit?tenant=acme')).toBe('/admin/audit?tenant=acme');
    expect(sanitizeRedirect('https://evil.example')).toBeUndefined();
    expect(sanitizeRedirect('//evil.example/path')).toBeUndefined();
    expect(sanitizeRedirect('/sign-in')).toBeUndefined();
    expect(validateSignInSearch({ redirect: 'javascript:alert(1)', reason: 'other' })).toEqual({});
  });

  it('drops audit filters that are not timestamps', () => {
    expect(
      validateAuditSearch({ tenant: ' acme ', from: '2025-03-01T08:00:00.000Z', to: 'yesterday' }),
    ).toEqual({
      tenant: 'acme',
      from: '2025-03-01T08:00:00.000Z',
    });
  });
});
