import { httpHandler } from '../../shared/http/http-handler';
import { complianceQuerySchema } from '../../shared/sla/sla-schemas';
import { getCompliance } from '../../shared/sla/sla-service';

export const handler = httpHandler({ query: complianceQuerySchema }, async ({ query, principal }) => ({
  body: await getCompliance(principal, query),
}));
