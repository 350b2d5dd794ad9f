import {
  alertRuleSchema,
  createRuleBodySchema,
  ownerQuerySchema,
  ruleListSchema,
  rulePathSchema,
  updateRuleBodySchema,
} from '../../alerts/rule-schemas';
import { type RouteDocumentation } from '../route-documentation';

/** Alert rules. */
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
};
