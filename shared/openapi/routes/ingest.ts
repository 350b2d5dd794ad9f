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
};
