import { httpHandler } from '../../shared/http/http-handler';
import { discardDlqEntryBodySchema, dlqPathSchema } from '../../shared/dlq/dlq-schemas';
import { discardDlqEntry } from '../../shared/dlq/dlq-service';

export const handler = httpHandler(
  { path: dlqPathSchema, body: discardDlqEntryBodySchema },
  async ({ path, body, principal, requestId }) => ({
    body: await discardDlqEntry(principal, path.dlq_id, body.reason, requestId),
  }),
);
