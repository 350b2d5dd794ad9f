import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readHistory = { tables: { config: 'read', alerts: 'read' } } as const satisfies ResourceAccess;
/** Acknowledge and resolve move the history item and the alert state, audited. */
const changeHistory = {
  tables: { config: 'read', alerts: 'write', audit: 'write' },
} as const satisfies ResourceAccess;

/** Alert history: list, stats, detail with delivery attempts, acknowledge and resolve (P10-9). */
export const alertHistoryFunctions = {
  listAlertHistory: {
    description: "List an owner's alerts, newest first, filtered by type, status and time (operators).",
    entry: 'functions/alert-history/list-alert-history.ts',
    access: readHistory,
    routes: [{ method: 'GET', path: '/alerts/history' }],
  },
  getAlertStats: {
    description: 'Alert counts by type and by status over a window (operators).',
    entry: 'functions/alert-history/get-alert-stats.ts',
    access: readHistory,
    routes: [{ method: 'GET', path: '/alerts/history/stats' }],
  },
  getAlert: {
    description: 'Read one alert with its delivery attempts (operators).',
    entry: 'functions/alert-history/get-alert.ts',
    access: readHistory,
    routes: [{ method: 'GET', path: '/alerts/history/{alert_id}' }],
  },
  acknowledgeAlert: {
    description: 'Acknowledge a firing alert (operators; 409 otherwise).',
    entry: 'functions/alert-history/acknowledge-alert.ts',
    access: changeHistory,
    routes: [{ method: 'POST', path: '/alerts/history/{alert_id}/acknowledge' }],
  },
  resolveAlert: {
    description: 'Resolve a firing or acknowledged alert (operators; 409 when resolved).',
    entry: 'functions/alert-history/resolve-alert.ts',
    access: changeHistory,
    routes: [{ method: 'POST', path: '/alerts/history/{alert_id}/resolve' }],
  },
} as const satisfies Record<string, FunctionDeclaration>;
