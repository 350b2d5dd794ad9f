import { ingestBatchSchema, ingestResultSchema } from '../../ingest/ingest-schemas';
import type { RouteDocumentation } from '../route-documentation';

const ingestResponse = {
  status: 200,
  description: 'Every item applied or already known (207 with the same body when some were rejected)',
  schema: ingestResultSchema,
};

/** The ingest endpoints: batches of up to 500 items, validated item by item. */
export const ingestRoutes: Record<string, RouteDocumentation> = {
  'POST /ingest/processing-events': {
    summary: 'Report processing events (kept as per-minute, hourly and daily aggregates)',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
  'POST /ingest/exceptions': {
    summary:
      'Report exception records (new or changed); sla_deadline is computed from the policy pack when absent',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
  'POST /ingest/exception-events': {
    summary: "Append status changes, SLAImminent, SLAExpired and comments to exceptions' histories",
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
  'POST /ingest/dlq': {
    summary: 'Report dead-lettered events; the destination must be declared for the tenant or platform-wide',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
  'POST /ingest/tool-executions': {
    summary: 'Report tool executions',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
  'POST /ingest/policy-decisions': {
    summary: 'Report policy decisions',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: ingestResponse,
  },
};
