import { httpHandler } from '../../shared/http/http-handler';
import { INGEST_MAX_BODY_BYTES, ingestResponse } from '../../shared/ingest/ingest-http';
import { ingestBatchSchema } from '../../shared/ingest/ingest-schemas';
import { ingestProcessingEvents } from '../../shared/telemetry/processing-event-ingest';

export const handler = httpHandler(
  { body: ingestBatchSchema, maxBodyBytes: INGEST_MAX_BODY_BYTES },
  async ({ body, principal }) => ingestResponse(await ingestProcessingEvents(principal, body.items)),
);
