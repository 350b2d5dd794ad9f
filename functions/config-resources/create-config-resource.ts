import { createConfigResource } from '../../shared/config-resources/config-resource-service';
import {
  CONFIG_MAX_BODY_BYTES,
  configResourcePathSchema,
  configTenantQuerySchema,
  createConfigResourceRequestSchema,
} from '../../shared/config-resources/config-resource-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  {
    path: configResourcePathSchema,
    query: configTenantQuerySchema,
    body: createConfigResourceRequestSchema,
    maxBodyBytes: CONFIG_MAX_BODY_BYTES,
  },
  async ({ path, query, body, principal, requestId }) => {
    const resource = await createConfigResource(
      principal,
      path.kind,
      path.resource_id,
      query.tenant_id,
      body,
      requestId,
    );
    return {
      status: 201,
      body: resource,
      headers: {
        Location: `/api/config/${resource.kind}/${resource.resource_id}?tenant_id=${resource.tenant_id}`,
      },
    };
  },
);
