import { httpHandler } from '../../shared/http/http-handler';
import { declareWorkerBodySchema, workerPathSchema } from '../../shared/registry/worker-schemas';
import { declareWorker } from '../../shared/registry/worker-service';

export const handler = httpHandler(
  { path: workerPathSchema, body: declareWorkerBodySchema },
  async ({ path, body, principal, requestId }) => {
    const { worker, created } = await declareWorker(
      principal,
      path.worker_type,
      path.instance_id,
      body,
      requestId,
    );
    return created
      ? {
          status: 201,
          body: worker,
          headers: {
            Location: `/api/admin/workers/${worker.worker_type}/${encodeURIComponent(worker.instance_id)}`,
          },
        }
      : { status: 200, body: worker };
  },
);
