import { httpHandler } from '../../shared/http/http-handler';
import { destinationPathSchema, putDestinationBodySchema } from '../../shared/registry/destination-schemas';
import { putDestination } from '../../shared/registry/destination-service';

export const handler = httpHandler(
  { path: destinationPathSchema, body: putDestinationBodySchema },
  async ({ path, body, principal, requestId }) => {
    const { destination, created } = await putDestination(principal, path.destination_id, body, requestId);
    return created
      ? {
          status: 201,
          body: destination,
          headers: { Location: `/api/admin/destinations/${destination.destination_id}` },
        }
      : { status: 200, body: destination };
  },
);
