import { httpHandler } from '../../shared/http/http-handler';
import { listWorkersQuerySchema } from '../../shared/registry/worker-schemas';
import { listWorkers } from '../../shared/registry/worker-service';

export const handler = httpHandler({ query: listWorkersQuerySchema }, async ({ query, principal }) => ({
  body: await listWorkers(principal, query),
}));
