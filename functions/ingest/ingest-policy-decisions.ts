import { httpHandler } from '../../shared/http/http-handler';
import { INGEST_MAX_BODY_BYTES, ingestResponse } from '../../shared/ingest/ingest-http';
import { ingestBatchSchema } from '../../shared/ingest/ingest-schemas';
import { ingestPolicyDecisions } from '../../shared/platform-facts/fact-ingest';

export const handler = httpHandler(
  { body: ingestBatchSchema, maxBodyBytes: INGEST_MAX_BODY_BYTES },
  async ({ body, principal }) => ingestResponse(await ingestPolicyDecisions(principal, body.items)),
);
