import {
  alertDetailSchema,
  alertPathSchema,
  alertRecordSchema,
  historyStatsQuerySchema,
  historyStatsSchema,
  listHistoryQuerySchema,
} from '../../alerts/alert-history-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** Alert history. */
export const alertHistoryRoutes: Record<string, RouteDocumentation> = {
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
