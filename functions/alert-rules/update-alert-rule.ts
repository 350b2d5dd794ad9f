import { httpHandler } from '../../shared/http/http-handler';
import { ownerQuerySchema, rulePathSchema, updateRuleBodySchema } from '../../shared/alerts/rule-schemas';
import { updateRule } from '../../shared/alerts/rule-service';

export const handler = httpHandler(
  { path: rulePathSchema, query: ownerQuerySchema, body: updateRuleBodySchema },
  async ({ path, query, body, principal, requestId }) => ({
    body: await updateRule(principal, path.config_id, query.tenant_id, body, requestId),
  }),
);
