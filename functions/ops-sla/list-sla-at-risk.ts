import { httpHandler } from '../../shared/http/http-handler';
import { atRiskQuerySchema } from '../../shared/sla/sla-schemas';
import { getAtRisk } from '../../shared/sla/sla-service';

export const handler = httpHandler({ query: atRiskQuerySchema }, async ({ query, principal }) => ({
  body: await getAtRisk(principal, query),
}));
