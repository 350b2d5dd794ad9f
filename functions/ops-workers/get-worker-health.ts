import { workerHealthQuerySchema } from '../../shared/health/health-schemas';
import { getWorkerHealth } from '../../shared/health/health-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ query: workerHealthQuerySchema }, async ({ query, principal }) => ({
  body: await getWorkerHealth(principal, query),
}));
