import type { RouteDocumentation } from '../route-documentation';

/** Alert channels and their verification. */
export const alertChannelRoutes: Record<string, RouteDocumentation> = {};
