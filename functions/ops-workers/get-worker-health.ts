import { workerHealthQuerySchema } from '../../shared/ops-workers/health-schemas';
import { getWorkerHealth } from '../../shared/ops-workers/health-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ query: workerHealthQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerHealth(principal, query),
}));
