import { httpHandler } from '../../shared/http/http-handler';
import { getTenant } from '../../shared/tenants/tenant-service';
import { tenantPathSchema } from '../../shared/tenants/tenant-schemas';

export const handler = httpHandler({ path: tenantPathSchema }, async ({ path, principal }) => ({
  body: await getTenant(principal, path.tenant_id),
}));
