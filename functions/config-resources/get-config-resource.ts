import { getConfigResource } from '../../shared/config-resources/config-resource-service';
import {
  configResourcePathSchema,
  configTenantQuerySchema,
} from '../../shared/config-resources/config-resource-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: configResourcePathSchema, query: configTenantQuerySchema },
  async ({ path, query, principal }) => ({
    body: await getConfigResource(principal, path.kind, path.resource_id, query.tenant_id),
  }),
);
