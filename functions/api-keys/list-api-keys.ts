import { httpHandler } from '../../shared/http/http-handler';
import { listApiKeysOf } from '../../shared/identity/api-key-service';
import { pageQuerySchema } from '../../shared/pagination/page-query';
import { tenantPathSchema } from '../../shared/tenants/tenant-schemas';

export const handler = httpHandler(
  { path: tenantPathSchema, query: pageQuerySchema },
  async ({ path, query, principal }) => ({ body: await listApiKeysOf(principal, path.tenant_id, query) }),
);
