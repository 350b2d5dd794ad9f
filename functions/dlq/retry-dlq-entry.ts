import { httpHandler } from '../../shared/http/http-handler';
import { dlqPathSchema, retryDlqEntryBodySchema } from '../../shared/dlq/dlq-schemas';
import { retryDlqEntry } from '../../shared/dlq/dlq-service';

export const handler = httpHandler(
  { path: dlqPathSchema, body: retryDlqEntryBodySchema },
  async ({ path, principal, requestId }) => ({
    body: await retryDlqEntry(principal, path.dlq_id, requestId),
  }),
);
