import { httpHandler } from '../../shared/http/http-handler';
import { workerMetricsQuerySchema } from '../../shared/ops-workers/metrics-schemas';
import { getWorkerLatency } from '../../shared/ops-workers/metrics-service';

export const handler = httpHandler({ query: workerMetricsQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerLatency(principal, query),
}));
