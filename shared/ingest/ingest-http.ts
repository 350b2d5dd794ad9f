import type { HttpResult } from '../http/http-types';
import type { IngestResult } from './ingest-schemas';

/** Ingest bodies may be large (500 items, DLQ payloads); Lambda's own request limit is 6 MB. */
export const INGEST_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** 200 when every item was applied (or already known), 207 when some were rejected. */
export const ingestResponse = (result: IngestResult): HttpResult => ({
  status: result.rejected.length ? 207 : 200,
  body: result,
});
