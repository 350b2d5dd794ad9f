import { httpHandler } from '../../shared/http/http-handler';
import { workerPathSchema } from '../../shared/registry/worker-schemas';
import { getWorker } from '../../shared/registry/worker-service';

export const handler = httpHandler({ path: workerPathSchema }, async ({ path, principal }) => ({
  body: await getWorker(principal, path.worker_type, path.instance_id),
}));
