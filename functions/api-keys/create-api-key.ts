import { httpHandler } from '../../shared/http/http-handler';
import { createApiKey } from '../../shared/identity/api-key-service';
import { createApiKeyBodySchema } from '../../shared/identity/api-key-schemas';
import { tenantPathSchema } from '../../shared/tenants/tenant-schemas';

export const handler = httpHandler(
  { path: tenantPathSchema, body: createApiKeyBodySchema },
  async ({ path, body, principal, requestId }) => ({
    status: 201,
    body: await createApiKey(principal, path.tenant_id, body, requestId),
  }),
);
