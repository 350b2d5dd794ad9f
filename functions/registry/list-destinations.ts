import { httpHandler } from '../../shared/http/http-handler';
import { listDestinationsQuerySchema } from '../../shared/registry/destination-schemas';
import { listDestinationsFor } from '../../shared/registry/destination-service';

export const handler = httpHandler({ query: listDestinationsQuerySchema }, async ({ query, principal }) => ({
  body: await listDestinationsFor(principal, query),
}));
