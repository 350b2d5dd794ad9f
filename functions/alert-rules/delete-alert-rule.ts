import { httpHandler } from '../../shared/http/http-handler';
import { ownerQuerySchema, rulePathSchema } from '../../shared/alerts/rule-schemas';
import { deleteRule } from '../../shared/alerts/rule-service';

export const handler = httpHandler(
  { path: rulePathSchema, query: ownerQuerySchema },
  async ({ path, query, principal, requestId }) => {
    await deleteRule(principal, path.config_id, query.tenant_id, requestId);
    return { status: 204 };
  },
);
