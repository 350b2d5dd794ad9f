import { httpHandler } from '../../shared/http/http-handler';
import { ownerQuerySchema } from '../../shared/alerts/rule-schemas';
import { listRulesFor } from '../../shared/alerts/rule-service';

export const handler = httpHandler({ query: ownerQuerySchema }, async ({ query, principal }) => ({
  body: await listRulesFor(principal, query.tenant_id),
}));
