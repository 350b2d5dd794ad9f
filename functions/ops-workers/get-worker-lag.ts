import { httpHandler } from '../../shared/http/http-handler';
import { workerLagQuerySchema } from '../../shared/metrics/metrics-schemas';
import { getWorkerLag } from '../../shared/metrics/queue-lag-service';

export const handler = httpHandler({ query: workerLagQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerLag(principal, query),
}));
