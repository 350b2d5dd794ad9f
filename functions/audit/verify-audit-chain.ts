import { verifyAuditChainFor } from '../../shared/audit/audit-service';
import { verifyAuditQuerySchema } from '../../shared/audit/audit-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ query: verifyAuditQuerySchema }, async ({ query, principal }) => ({
  body: await verifyAuditChainFor(principal, query.tenant_id),
}));
