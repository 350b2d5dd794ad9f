import { httpHandler } from '../../shared/http/http-handler';
import { pageQuerySchema } from '../../shared/pagination/page-query';
import { listAllTenants } from '../../shared/tenants/tenant-service';

export const handler = httpHandler({ query: pageQuerySchema }, async ({ query, principal }) => ({
  body: await listAllTenants(principal, query),
}));
