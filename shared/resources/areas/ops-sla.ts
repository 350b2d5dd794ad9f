import type { FunctionDeclaration } from '../declarations';

const readSla = { tables: { config: 'read', sla: 'read' } } as const;

const slaRead = (name: string, description: string, path: string) =>
  ({
    description,
    entry: `functions/ops-sla/${name}.ts`,
    access: readSla,
    routes: [{ method: 'GET', path }],
  }) as const;

/** SLA compliance (P10-3): reports over the incremental SLA data, and the deadline sweeper. */
export const opsSlaFunctions = {
  getSlaCompliance: slaRead(
    'get-sla-compliance',
    "SLA compliance rate per day, week or month in the tenant's time zone (operators).",
    '/ops/sla/compliance',
  ),
  listSlaBreaches: slaRead('list-sla-breaches', 'SLA breach history (operators).', '/ops/sla/breaches'),
  listSlaAtRisk: slaRead(
    'list-sla-at-risk',
    'Open exceptions far through their SLA window, soonest deadline first (operators).',
    '/ops/sla/at-risk',
  ),
  getSlaResolutionTime: slaRead(
    'get-sla-resolution-time',
    'Average and p50/p90 time to resolution by severity (operators).',
    '/ops/sla/resolution-time',
  ),
  sweepSlaDeadlinesScheduled: {
    description: 'Emits SLAImminent / SLAExpired exception events once per exception and records breaches.',
    entry: 'functions/ops-sla/sweep-sla-deadlines-scheduled.ts',
    access: { tables: { config: 'read', sla: 'write' } },
    timeoutSeconds: 60,
    schedule: 'rate(1 minute)',
  },
} as const satisfies Record<string, FunctionDeclaration>;
