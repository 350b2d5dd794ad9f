import {
  alertDetailSchema,
  alertPathSchema,
  alertRecordSchema,
  historyStatsQuerySchema,
  historyStatsSchema,
  listHistoryQuerySchema,
} from '../../alerts/alert-history-schemas';
import {
  alertRuleSchema,
  createRuleBodySchema,
  ownerQuerySchema,
  ruleListSchema,
  rulePathSchema,
  updateRuleBodySchema,
} from '../../alerts/rule-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** Alert rules and alert history. */
export const alertRuleRoutes: Record<string, RouteDocumentation> = {
  'GET /alerts/config': {
    summary: "List an owner's alert rules (operators; platform principals name tenant_id or platform)",
    tag: 'alerts',
    query: ownerQuerySchema,
    response: { status: 200, description: 'The rules', schema: ruleListSchema },
  },
  'POST /alerts/config': {
    summary:
      'Create an alert rule (admins): thresholds validated per type, channels must exist for the owner, one rule per type',
    tag: 'alerts',
    body: createRuleBodySchema,
    response: { status: 201, description: 'The rule', schema: alertRuleSchema },
  },
  'PUT /alerts/config/{config_id}': {
    summary: "Replace an alert rule's settings (admins); the type cannot change",
    tag: 'alerts',
    path: rulePathSchema,
    query: ownerQuerySchema,
    body: updateRuleBodySchema,
    response: { status: 200, description: 'The rule', schema: alertRuleSchema },
  },
  'DELETE /alerts/config/{config_id}': {
    summary: 'Delete an alert rule (admins); its firing alerts resolve at the next evaluation',
    tag: 'alerts',
    path: rulePathSchema,
    query: ownerQuerySchema,
    response: { status: 204, description: 'Deleted' },
  },
  'GET /alerts/history': {
    summary: "List an owner's alerts, newest first, filtered by type, status and trigger time (operators)",
    tag: 'alerts',
    query: listHistoryQuerySchema,
    response: { status: 200, description: 'A page of alerts', schema: pageOf(alertRecordSchema) },
  },
  'GET /alerts/history/stats': {
    summary: 'Alert counts by type and by status over [from, to] (default the last 30 days, at most 93)',
    tag: 'alerts',
    query: historyStatsQuerySchema,
    response: { status: 200, description: 'The counts', schema: historyStatsSchema },
  },
  'GET /alerts/history/{alert_id}': {
    summary: 'Read one alert with its delivery attempts (operators)',
    tag: 'alerts',
    path: alertPathSchema,
    response: { status: 200, description: 'The alert', schema: alertDetailSchema },
  },
  'POST /alerts/history/{alert_id}/acknowledge': {
    summary:
      'Acknowledge a firing alert (operators; 409 unless firing); stops re-notification and escalation',
    tag: 'alerts',
    path: alertPathSchema,
    response: { status: 200, description: 'The acknowledged alert', schema: alertRecordSchema },
  },
  'POST /alerts/history/{alert_id}/resolve': {
    summary: 'Resolve a firing or acknowledged alert (operators; 409 when already resolved)',
    tag: 'alerts',
    path: alertPathSchema,
    response: { status: 200, description: 'The resolved alert', schema: alertRecordSchema },
  },
};
