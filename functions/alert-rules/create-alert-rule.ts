import { httpHandler } from '../../shared/http/http-handler';
import { createRuleBodySchema } from '../../shared/alerts/rule-schemas';
import { createRule } from '../../shared/alerts/rule-service';

export const handler = httpHandler(
  { body: createRuleBodySchema },
  async ({ body, principal, requestId }) => ({
    status: 201,
    body: await createRule(principal, body, requestId),
  }),
);
