import { httpHandler } from '../../shared/http/http-handler';
import { workerMetricsQuerySchema } from '../../shared/metrics/metrics-schemas';
import { getWorkerThroughput } from '../../shared/metrics/metrics-service';

export const handler = httpHandler({ query: workerMetricsQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerThroughput(principal, query),
}));
