import { httpHandler } from '../../shared/http/http-handler';
import { workerLagQuerySchema } from '../../shared/ops-workers/metrics-schemas';
import { getWorkerLag } from '../../shared/ops-workers/queue-lag-service';

export const handler = httpHandler({ query: workerLagQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerLag(principal, query),
}));
