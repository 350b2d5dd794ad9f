import { httpHandler } from '../../shared/http/http-handler';
import { destinationPathSchema } from '../../shared/registry/destination-schemas';
import { getDestination } from '../../shared/registry/destination-service';

export const handler = httpHandler({ path: destinationPathSchema }, async ({ path, principal }) => ({
  body: await getDestination(principal, path.destination_id),
}));
