import { httpHandler } from '../../shared/http/http-handler';
import { getBatchFor } from '../../shared/dlq/dlq-batch-service';
import { dlqBatchPathSchema } from '../../shared/dlq/dlq-schemas';

export const handler = httpHandler({ path: dlqBatchPathSchema }, async ({ path, principal }) => ({
  body: await getBatchFor(principal, path.batch_id),
}));
