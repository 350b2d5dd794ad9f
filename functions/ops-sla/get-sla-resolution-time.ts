import { httpHandler } from '../../shared/http/http-handler';
import { resolutionTimeQuerySchema } from '../../shared/sla/sla-schemas';
import { getResolutionTime } from '../../shared/sla/sla-service';

export const handler = httpHandler({ query: resolutionTimeQuerySchema }, async ({ query, principal }) => ({
  body: await getResolutionTime(principal, query),
}));
