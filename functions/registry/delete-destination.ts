import { httpHandler } from '../../shared/http/http-handler';
import { destinationPathSchema } from '../../shared/registry/destination-schemas';
import { deleteDestination } from '../../shared/registry/destination-service';

export const handler = httpHandler(
  { path: destinationPathSchema },
  async ({ path, principal, requestId }) => {
    await deleteDestination(principal, path.destination_id, requestId);
    return { status: 204 };
  },
);
