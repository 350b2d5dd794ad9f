import { httpHandler } from '../../shared/http/http-handler';
import { createTenant } from '../../shared/tenants/tenant-service';
import { createTenantBodySchema } from '../../shared/tenants/tenant-schemas';

export const handler = httpHandler(
  { body: createTenantBodySchema },
  async ({ body, principal, requestId }) => {
    const tenant = await createTenant(principal, body, requestId);
    return { status: 201, body: tenant, headers: { Location: `/api/admin/tenants/${tenant.tenant_id}` } };
  },
);
