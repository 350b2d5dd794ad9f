import type { FunctionDeclaration, ResourceAccess } from '../declarations';

/** Reading rules checks the owner (tenants) and the rules' channels. */
const readRules = { tables: { config: 'read' } } as const satisfies ResourceAccess;
/** Rule changes commit with their audit record. */
const changeRules = { tables: { config: 'write', audit: 'write' } } as const satisfies ResourceAccess;

/** Alert rules and the scheduled evaluator (P10-5, P10-6 configs, P10-7). */
export const alertRuleFunctions = {
  listAlertRules: {
    description: "List an owner's alert rules (operators).",
    entry: 'functions/alert-rules/list-alert-rules.ts',
    access: readRules,
    routes: [{ method: 'GET', path: '/alerts/config' }],
  },
  createAlertRule: {
    description: 'Create an alert rule: type, threshold, scope, channels, quiet hours, escalation (admins).',
    entry: 'functions/alert-rules/create-alert-rule.ts',
    access: changeRules,
    routes: [{ method: 'POST', path: '/alerts/config' }],
  },
  updateAlertRule: {
    description: "Replace an alert rule's settings (admins).",
    entry: 'functions/alert-rules/update-alert-rule.ts',
    access: changeRules,
    routes: [{ method: 'PUT', path: '/alerts/config/{config_id}' }],
  },
  deleteAlertRule: {
    description: 'Delete an alert rule (admins).',
    entry: 'functions/alert-rules/delete-alert-rule.ts',
    access: changeRules,
    routes: [{ method: 'DELETE', path: '/alerts/config/{config_id}' }],
  },
  evaluateAlerts: {
    description:
      'Evaluate every enabled alert rule from the aggregates, SLA data, DLQ counters and health snapshot; fire, re-notify, escalate, resolve, enqueue notifications.',
    entry: 'functions/alert-rules/evaluate-alerts-scheduled.ts',
    access: {
      tables: { config: 'read', telemetry: 'read', sla: 'read', dlq: 'read', alerts: 'write' },
      queues: { notifications: 'send' },
    },
    memoryMb: 1024,
    timeoutSeconds: 55,
    schedule: 'rate(1 minute)',
  },
} as const satisfies Record<string, FunctionDeclaration>;
