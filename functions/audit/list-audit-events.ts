import { listAuditEventsFor } from '../../shared/audit/audit-service';
import { listAuditQuerySchema } from '../../shared/audit/audit-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ query: listAuditQuerySchema }, async ({ query, principal }) => ({
  body: await listAuditEventsFor(principal, query),
}));
