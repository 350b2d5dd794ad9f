import { httpHandler } from '../../shared/http/http-handler';
import { listDlqQuerySchema } from '../../shared/dlq/dlq-schemas';
import { listDlqEntriesFor } from '../../shared/dlq/dlq-service';

export const handler = httpHandler({ query: listDlqQuerySchema }, async ({ query, principal }) => ({
  body: await listDlqEntriesFor(principal, query),
}));
