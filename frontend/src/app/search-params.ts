import { isIsoTimestamp } from '../lib/format';
import {
  ALERT_STATUSES,
  ALERT_TYPES,
  DLQ_STATUSES,
  METRIC_RANGES,
  SLA_PERIODS,
  WORKER_TYPES,
} from '../types/ops';

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

function oneOf<T extends string>(choices: readonly T[], value: unknown): T | undefined {
  return choices.find((choice) => choice === value);
}

const METRIC_RANGE_CHOICES = METRIC_RANGES;
const WORKER_TYPE_CHOICES = WORKER_TYPES;
const SLA_PERIOD_CHOICES = SLA_PERIODS;
const DLQ_STATUS_CHOICES = DLQ_STATUSES;
const ALERT_TYPE_CHOICES = ALERT_TYPES;
const ALERT_STATUS_CHOICES = ALERT_STATUSES;

export interface OpsWorkersSearch {
  tenant?: string;
  range?: (typeof METRIC_RANGE_CHOICES)[number];
  latency?: (typeof WORKER_TYPE_CHOICES)[number];
}

export function validateOpsWorkersSearch(search: Record<string, unknown>): OpsWorkersSearch {
  return definedEntries({
    tenant: nonEmptyString(search.tenant),
    range: oneOf(METRIC_RANGE_CHOICES, search.range),
    latency: oneOf(WORKER_TYPE_CHOICES, search.latency),
  });
}

export interface OpsSlaSearch {
  tenant?: string;
  period?: (typeof SLA_PERIOD_CHOICES)[number];
}

export function validateOpsSlaSearch(search: Record<string, unknown>): OpsSlaSearch {
  return definedEntries({
    tenant: nonEmptyString(search.tenant),
    period: oneOf(SLA_PERIOD_CHOICES, search.period),
  });
}

export interface OpsDlqSearch {
  tenant?: string;
  event_type?: string;
  status?: (typeof DLQ_STATUS_CHOICES)[number];
  from?: string;
  to?: string;
  q?: string;
  /** The entry open in the detail panel. */
  entry?: string;
}

export function validateOpsDlqSearch(search: Record<string, unknown>): OpsDlqSearch {
  return definedEntries({
    tenant: nonEmptyString(search.tenant),
    event_type: nonEmptyString(search.event_type),
    status: oneOf(DLQ_STATUS_CHOICES, search.status),
    from: isIsoTimestamp(search.from) ? search.from : undefined,
    to: isIsoTimestamp(search.to) ? search.to : undefined,
    q: nonEmptyString(search.q),
    entry:
      typeof search.entry === 'string' && /^dlq_[0-9A-Z]{26}$/.test(search.entry) ? search.entry : undefined,
  });
}

export interface AlertHistorySearch {
  tenant?: string;
  type?: (typeof ALERT_TYPE_CHOICES)[number];
  status?: (typeof ALERT_STATUS_CHOICES)[number];
  from?: string;
  to?: string;
  alert?: string;
}

export function validateAlertHistorySearch(search: Record<string, unknown>): AlertHistorySearch {
  return definedEntries({
    tenant: nonEmptyString(search.tenant),
    type: oneOf(ALERT_TYPE_CHOICES, search.type),
    status: oneOf(ALERT_STATUS_CHOICES, search.status),
    from: isIsoTimestamp(search.from) ? search.from : undefined,
    to: isIsoTimestamp(search.to) ? search.to : undefined,
    alert: nonEmptyString(search.alert),
  });
}
