import { httpHandler } from '../../shared/http/http-handler';
import { workerPathSchema } from '../../shared/registry/worker-schemas';
import { deleteWorker } from '../../shared/registry/worker-service';

export const handler = httpHandler({ path: workerPathSchema }, async ({ path, principal, requestId }) => {
  await deleteWorker(principal, path.worker_type, path.instance_id, requestId);
  return { status: 204 };
});
