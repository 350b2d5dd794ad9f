import type { RouteDocumentation } from '../route-documentation';

/** Alert rules and alert history. */
export const alertRuleRoutes: Record<string, RouteDocumentation> = {};
