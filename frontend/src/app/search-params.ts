import { isIsoTimestamp } from '../lib/format';

/**
 * Validators for the routes' search params. The URL is user input: anything malformed is
 * dropped rather than passed to the API. Absent params stay absent (no `key: undefined`), so
 * links may leave them out.
 */

function nonEmptyString(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Keeps only the defined entries, so the URL never shows `?from=undefined`. */
export function definedEntries<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== null),
  ) as Partial<T>;
}

/** Only same-origin console paths may be returned to after sign-in (no open redirect). */
export function sanitizeRedirect(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return undefined;
  if (value.startsWith('/sign-in') || value.startsWith('/api')) return undefined;
  return value;
}

export interface SignInSearch {
  redirect?: string;
  reason?: 'expired';
}

export function validateSignInSearch(search: Record<string, unknown>): SignInSearch {
  return definedEntries({
    redirect: sanitizeRedirect(search.redirect),
    reason: search.reason === 'expired' ? ('expired' as const) : undefined,
  });
}

export interface TenantScopedSearch {
  tenant?: string;
}

export function validateTenantScopedSearch(search: Record<string, unknown>): TenantScopedSearch {
  return definedEntries({ tenant: nonEmptyString(search.tenant) });
}

export interface AuditSearch {
  tenant?: string;
  from?: string;
  to?: string;
}

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  return definedEntries({
    tenant: nonEmptyString(search.tenant),
    from: isIsoTimestamp(search.from) ? search.from : undefined,
    to: isIsoTimestamp(search.to) ? search.to : undefined,
  });
}
