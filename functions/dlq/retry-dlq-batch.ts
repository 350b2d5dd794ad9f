import { httpHandler } from '../../shared/http/http-handler';
import { requestBatchRetry } from '../../shared/dlq/dlq-batch-service';
import { retryBatchBodySchema } from '../../shared/dlq/dlq-schemas';

export const handler = httpHandler(
  { body: retryBatchBodySchema, maxBodyBytes: 128 * 1024 },
  async ({ body, principal, requestId }) => {
    const result = await requestBatchRetry(principal, body, requestId);
    return result.status === 202
      ? {
          status: 202,
          body: result.body,
          headers: { Location: `/api/ops/dlq/batches/${result.body.batch_id}` },
        }
      : result;
  },
);
