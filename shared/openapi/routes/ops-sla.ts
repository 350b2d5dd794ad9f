import { pageOf, type RouteDocumentation } from '../route-documentation';
import {
  atRiskQuerySchema,
  atRiskSchema,
  breachesQuerySchema,
  breachSchema,
  complianceQuerySchema,
  complianceSchema,
  resolutionTimeQuerySchema,
  resolutionTimeSchema,
} from '../../sla/sla-schemas';

/** SLA compliance (P10-3). */
export const opsSlaRoutes: Record<string, RouteDocumentation> = {
  'GET /ops/sla/compliance': {
    summary: "Percent of exceptions that met their SLA, per day, ISO week or month in the tenant's time zone",
    tag: 'sla',
    query: complianceQuerySchema,
    response: {
      status: 200,
      description: 'Buckets with met/breached counts and rates, and the period before for comparison',
      schema: complianceSchema,
    },
  },
  'GET /ops/sla/breaches': {
    summary: 'SLA breaches, by deadline, oldest first',
    tag: 'sla',
    query: breachesQuerySchema,
    response: { status: 200, description: 'A page of breaches', schema: pageOf(breachSchema) },
  },
  'GET /ops/sla/at-risk': {
    summary: 'Open exceptions at least `threshold` percent through their SLA window, soonest deadline first',
    tag: 'sla',
    query: atRiskQuerySchema,
    response: { status: 200, description: 'The at-risk exceptions', schema: atRiskSchema },
  },
  'GET /ops/sla/resolution-time': {
    summary: 'Average, p50 and p90 time to resolution by severity',
    tag: 'sla',
    query: resolutionTimeQuerySchema,
    response: { status: 200, description: 'Resolution times in milliseconds', schema: resolutionTimeSchema },
  },
};
