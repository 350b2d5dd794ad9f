import { httpHandler } from '../../shared/http/http-handler';
import { workerMetricsQuerySchema } from '../../shared/ops-workers/metrics-schemas';
import { getWorkerErrors } from '../../shared/ops-workers/metrics-service';

export const handler = httpHandler({ query: workerMetricsQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerErrors(principal, query),
}));
