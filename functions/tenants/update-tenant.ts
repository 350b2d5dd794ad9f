import { httpHandler } from '../../shared/http/http-handler';
import { updateTenant } from '../../shared/tenants/tenant-service';
import { tenantPathSchema, updateTenantBodySchema } from '../../shared/tenants/tenant-schemas';

export const handler = httpHandler(
  { path: tenantPathSchema, body: updateTenantBodySchema },
  async ({ path, body, principal, requestId }) => ({
    body: await updateTenant(principal, path.tenant_id, body, requestId),
  }),
);
