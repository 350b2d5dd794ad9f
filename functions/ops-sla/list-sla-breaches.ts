import { httpHandler } from '../../shared/http/http-handler';
import { breachesQuerySchema } from '../../shared/sla/sla-schemas';
import { getBreaches } from '../../shared/sla/sla-service';

export const handler = httpHandler({ query: breachesQuerySchema }, async ({ query, principal }) => ({
  body: await getBreaches(principal, query),
}));
