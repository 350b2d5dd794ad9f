import { getConfigResourceVersion } from '../../shared/config-resources/config-resource-service';
import {
  configTenantQuerySchema,
  configVersionPathSchema,
} from '../../shared/config-resources/config-resource-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: configVersionPathSchema, query: configTenantQuerySchema },
  async ({ path, query, principal }) => ({
    body: await getConfigResourceVersion(
      principal,
      path.kind,
      path.resource_id,
      path.version,
      query.tenant_id,
    ),
  }),
);
