import { commitWithAudit, type AuditedWrite } from '../audit-trail/audit-repository';
import { ConflictError, NotFoundError, ValidationError } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requireRole,
  requireTenantAccess,
  type Principal,
} from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import {
  findAlert,
  findAlertOwner,
  listAlertFacets,
  listAlerts,
  listDeliveryAttempts,
  updateHistoryWrite,
} from './alert-history-repository';
import type { AlertRecord, HistoryStatsQuery, ListHistoryQuery } from './alert-history-schemas';
import { alertSettings, ALERT_HISTORY_MAX_WINDOW_DAYS } from './alert-settings';
import { findState, replaceStateWrite, type AlertState } from './alert-state-repository';
import { ALERT_TYPES } from './alert-vocabulary';
import { resolveAlertOwner } from './rule-service';

/**
 * Alert history (P10-9): lists, details with delivery attempts, statistics, and the guarded
 * acknowledge and resolve transitions. Operators and above read and act; tenant principals see
 * their own tenant's alerts only, platform principals name the owner (or act on an alert by id).
 */

const DAY = 86_400_000;
const notFound = (alertId: string) => new NotFoundError(`Alert ${alertId} was not found.`);

/** `GET /alerts/history`: newest first, filtered, paged. */
export async function listAlertHistory(principal: Principal, query: ListHistoryQuery) {
  requireRole(principal, 'operator');
  const owner = await resolveAlertOwner(principal, query.tenant_id, 'query');
  return listAlerts(owner, query);
}

/** Finds an alert the principal may see: its own tenant's, or any by id for platform principals. */
async function loadAlert(principal: Principal, alertId: string): Promise<AlertRecord> {
  let owner: string | null;
  if (isPlatformPrincipal(principal)) owner = await findAlertOwner(alertId);
  else owner = principal.tenantId;
  const record = owner ? await findAlert(owner, alertId) : null;
  if (!record) throw notFound(alertId);
  if (!isPlatformPrincipal(principal)) {
    requireTenantAccess(principal, record.tenant_id);
    if (record.tenant_id === PLATFORM_TENANT) throw notFound(alertId);
  }
  return record;
}

/** `GET /alerts/history/{alert_id}`: the alert and its delivery attempts. */
export async function getAlertDetail(principal: Principal, alertId: string) {
  requireRole(principal, 'operator');
  const record = await loadAlert(principal, alertId);
  return { ...record, delivery_attempts: await listDeliveryAttempts(alertId) };
}

/** `GET /alerts/history/stats`: counts by type and by status of the alerts triggered in [from, to]. */
export async function getAlertStats(principal: Principal, query: HistoryStatsQuery, now = new Date()) {
  requireRole(principal, 'operator');
  const owner = await resolveAlertOwner(principal, query.tenant_id, 'query');
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(Date.parse(to) - 30 * DAY).toISOString();
  if (Date.parse(to) - Date.parse(from) > ALERT_HISTORY_MAX_WINDOW_DAYS * DAY) {
    throw new ValidationError(
      `The query is not valid: statistics span at most ${ALERT_HISTORY_MAX_WINDOW_DAYS} days.`,
      {
        errors: [{ path: 'query.from', message: `at most ${ALERT_HISTORY_MAX_WINDOW_DAYS} days before to` }],
      },
    );
  }
  const facets = await listAlertFacets(owner, from, to);
  const byType: Record<string, number> = Object.fromEntries(ALERT_TYPES.map((type) => [type, 0]));
  const byStatus: Record<string, number> = { firing: 0, acknowledged: 0, resolved: 0 };
  for (const facet of facets) {
    byType[facet.alert_type] = (byType[facet.alert_type] ?? 0) + 1;
    byStatus[facet.status] = (byStatus[facet.status] ?? 0) + 1;
  }
  return { tenant_id: owner, from, to, total: facets.length, by_type: byType, by_status: byStatus };
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The open state of this very alert (null when the evaluator already finished it). */
async function stateOf(record: AlertRecord): Promise<AlertState | null> {
  const state = await findState(record.tenant_id, record.alert_type, record.subject);
  return state && state.alert_id === record.alert_id ? state : null;
}

const stateWrite = (next: AlertState, expected: number, alertId: string): AuditedWrite => ({
  item: replaceStateWrite(next, expected),
  onConditionFailed: () =>
    new ConflictError(`Alert ${alertId} changed meanwhile (the evaluator moved it); read it and try again.`),
});

/** Commits a user's transition of an alert with its audit record (before and after). */
async function commitTransition(
  principal: Principal,
  action: 'alert.acknowledged' | 'alert.resolved',
  record: AlertRecord,
  after: AlertRecord,
  writes: AuditedWrite[],
  requestId: string,
): Promise<void> {
  await commitWithAudit(
    {
      tenant_id: record.tenant_id,
      actor: actorOf(principal),
      action,
      resource: { type: 'alert', id: record.alert_id },
      before: { ...record },
      after: { ...after },
      request_id: requestId,
    },
    writes,
  );
}

/**
 * `POST /alerts/history/{alert_id}/acknowledge`: firing → acknowledged (409 otherwise). Stops
 * re-notification and escalation; the alert still resolves when its condition clears.
 */
export async function acknowledgeAlert(principal: Principal, alertId: string, requestId: string) {
  requireRole(principal, 'operator');
  const record = await loadAlert(principal, alertId);
  if (record.status !== 'firing') {
    throw new ConflictError(`Alert ${alertId} is ${record.status}; only a firing alert can be acknowledged.`);
  }
  const at = new Date().toISOString();
  const state = await stateOf(record);
  const changes = { status: 'acknowledged', acknowledged_at: at, acknowledged_by: principal.name };
  const writes: AuditedWrite[] = [
    {
      item: updateHistoryWrite(record.tenant_id, alertId, changes, ['firing']),
      onConditionFailed: () => new ConflictError(`Alert ${alertId} is no longer firing.`),
    },
  ];
  if (state && state.status === 'firing') {
    const next: AlertState = {
      ...state,
      status: 'acknowledged',
      changed_at: later(state.changed_at, at),
      version: state.version + 1,
    };
    writes.push(stateWrite(next, state.version, alertId));
  }
  const after = { ...record, ...changes } as AlertRecord;
  await commitTransition(principal, 'alert.acknowledged', record, after, writes, requestId);
  return after;
}

/**
 * `POST /alerts/history/{alert_id}/resolve`: firing or acknowledged → resolved by the user (409 for
 * a resolved alert). The resolved notification goes out with the next evaluation; the alert does
 * not fire again until its condition has cleared once.
 */
export async function resolveAlert(principal: Principal, alertId: string, requestId: string) {
  requireRole(principal, 'operator');
  const record = await loadAlert(principal, alertId);
  if (record.status === 'resolved') {
    throw new ConflictError(`Alert ${alertId} is already resolved.`);
  }
  const at = new Date().toISOString();
  const state = await stateOf(record);
  const changes = {
    status: 'resolved',
    resolved_at: at,
    resolved_by: principal.name,
    expires_at: Math.floor(Date.now() / 1000) + alertSettings.historyDays * 86_400,
  };
  const writes: AuditedWrite[] = [
    {
      item: updateHistoryWrite(record.tenant_id, alertId, changes, ['firing', 'acknowledged']),
      onConditionFailed: () => new ConflictError(`Alert ${alertId} was resolved meanwhile.`),
    },
  ];
  if (state && state.status !== 'resolved') {
    const next: AlertState = {
      ...state,
      status: 'resolved',
      resolution: 'user',
      changed_at: later(state.changed_at, at),
      version: state.version + 1,
      pending: [
        ...state.pending,
        { occurrence: 'resolved', event: 'resolved', at, channels: state.channels },
      ],
    };
    writes.push(stateWrite(next, state.version, alertId));
  }
  const { expires_at: _expires, ...visible } = changes;
  const after = { ...record, ...visible } as AlertRecord;
  await commitTransition(principal, 'alert.resolved', record, after, writes, requestId);
  return after;
}
