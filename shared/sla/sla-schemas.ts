import { z } from 'zod';
import { severitySchema } from '../platform/platform-schemas';
import { SLA_PERIODS } from './sla-vocabulary';

/** Query strings and answers of `/ops/sla/*`; reused by the OpenAPI document. */

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 instant with offset' })
  .transform((value) => new Date(value).toISOString());
const tenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a tenant id');
const period = z.enum(SLA_PERIODS, { error: 'must be day, week or month' });

export const complianceQuerySchema = z.strictObject({
  tenant_id: tenantId
    .optional()
    .describe('For platform principals: one tenant, or every tenant when omitted'),
  period: period.default('day'),
  from: instant.optional().describe('Default: 30 days, 12 weeks or 6 months before `to`'),
  to: instant.optional().describe('Default: now'),
});

export const breachesQuerySchema = z.strictObject({
  tenant_id: tenantId
    .optional()
    .describe('For platform principals: one tenant, or every tenant when omitted'),
  from: instant
    .optional()
    .describe('Breaches whose deadline is at or after this; default 30 days before `to`'),
  to: instant.optional().describe('Default: now'),
  severity: severitySchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const atRiskQuerySchema = z.strictObject({
  tenant_id: tenantId
    .optional()
    .describe('For platform principals: one tenant, or every tenant when omitted'),
  threshold: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(80)
    .describe('Minimum percent of the SLA window already elapsed'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const resolutionTimeQuerySchema = z.strictObject({
  tenant_id: tenantId
    .optional()
    .describe('For platform principals: one tenant, or every tenant when omitted'),
  period: period
    .default('week')
    .describe('The last 1 (day), 7 (week) or 30 (month) local days, today included'),
});

const rate = z.number().nullable().describe('Percent met; null when nothing was decided');

const complianceCounts = z.object({
  met: z.number(),
  breached: z.number(),
  total: z.number(),
  compliance_rate: rate,
});

const scopeTenant = z.string().nullable().describe('Null: every tenant (platform principals)');

export const complianceSchema = z.object({
  tenant_id: scopeTenant,
  time_zone: z.string(),
  period: period,
  from: z.string(),
  to: z.string(),
  buckets: z.array(
    complianceCounts.extend({
      label: z.string().describe('First local day of the bucket'),
      start: z.string(),
      end: z.string(),
      previous_compliance_rate: rate.describe('The bucket one period earlier'),
    }),
  ),
  summary: complianceCounts,
  previous: complianceCounts.extend({ from: z.string(), to: z.string() }),
  change_points: z.number().nullable().describe('summary rate minus previous rate, in percentage points'),
});

export const breachSchema = z.object({
  tenant_id: z.string(),
  exception_id: z.string(),
  type: z.string(),
  severity: severitySchema,
  created_at: z.string(),
  sla_deadline: z.string().describe('Also the moment of the breach'),
  resolved_at: z.string().nullable(),
  detected_by: z.enum(['sweeper', 'ingest']),
  recorded_at: z.string(),
});

export const atRiskSchema = z.object({
  tenant_id: scopeTenant,
  threshold: z.number(),
  as_of: z.string(),
  items: z.array(
    z.object({
      tenant_id: z.string(),
      exception_id: z.string(),
      type: z.string(),
      severity: severitySchema,
      created_at: z.string(),
      sla_deadline: z.string(),
      time_remaining_ms: z.number().describe('Negative once the deadline has passed'),
      percent_elapsed: z.number(),
      predicted_breach: z
        .boolean()
        .nullable()
        .describe("Past the deadline, or creation + the tenant's 7-day median resolution time is after it"),
    }),
  ),
  truncated: z.boolean().describe('More open exceptions exist than were examined'),
});

const resolutionStatsSchema = z.object({
  count: z.number(),
  average_ms: z.number().nullable(),
  p50_ms: z.number().nullable(),
  p90_ms: z.number().nullable(),
});

export const resolutionTimeSchema = z.object({
  tenant_id: scopeTenant,
  time_zone: z.string(),
  period: period,
  first_day: z.string(),
  last_day: z.string(),
  by_severity: z.record(severitySchema, resolutionStatsSchema),
  overall: resolutionStatsSchema,
});

export type ComplianceQuery = z.output<typeof complianceQuerySchema>;
export type BreachesQuery = z.output<typeof breachesQuerySchema>;
export type AtRiskQuery = z.output<typeof atRiskQuerySchema>;
export type ResolutionTimeQuery = z.output<typeof resolutionTimeQuerySchema>;
export type Compliance = z.output<typeof complianceSchema>;
export type AtRisk = z.output<typeof atRiskSchema>;
export type ResolutionTime = z.output<typeof resolutionTimeSchema>;
