import type { FunctionDeclaration } from '../declarations';

const ingestHttp = (name: string, description: string, access: FunctionDeclaration['access'], path: string) =>
  ({
    description,
    entry: `functions/ingest/${name}.ts`,
    access,
    memoryMb: 1024,
    timeoutSeconds: 30,
    routes: [{ method: 'POST', path }],
  }) as const;

const telemetry = { tables: { config: 'read', telemetry: 'write' } } as const;
const sla = { tables: { config: 'read', sla: 'write' } } as const;

export const ingestFunctions = {
  ingestProcessingEvents: ingestHttp(
    'ingest-processing-events',
    'Ingest processing events into per-minute, hourly and daily aggregates.',
    telemetry,
    '/ingest/processing-events',
  ),
  ingestExceptions: ingestHttp(
    'ingest-exceptions',
    'Ingest exception records (SLA deadline from the policy pack when absent).',
    sla,
    '/ingest/exceptions',
  ),
  ingestExceptionEvents: ingestHttp(
    'ingest-exception-events',
    "Append events to exceptions' histories.",
    sla,
    '/ingest/exception-events',
  ),
  ingestDlq: ingestHttp(
    'ingest-dlq',
    'Ingest dead-lettered events aimed at declared destinations.',
    { tables: { config: 'read', dlq: 'write' } },
    '/ingest/dlq',
  ),
  ingestToolExecutions: ingestHttp(
    'ingest-tool-executions',
    'Ingest tool executions (facts for audit reports).',
    telemetry,
    '/ingest/tool-executions',
  ),
  ingestPolicyDecisions: ingestHttp(
    'ingest-policy-decisions',
    'Ingest policy decisions (facts for audit reports).',
    telemetry,
    '/ingest/policy-decisions',
  ),
  consumeIngestQueue: {
    description: 'Apply ingest batches that arrive on the ingest queue (same path as the HTTP endpoints).',
    entry: 'functions/ingest/consume-ingest-queue.ts',
    access: { tables: { config: 'read', telemetry: 'write', sla: 'write', dlq: 'write' } },
    memoryMb: 1024,
    timeoutSeconds: 30,
    consumes: 'ingest',
  },
} as const satisfies Record<string, FunctionDeclaration>;
