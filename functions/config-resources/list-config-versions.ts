import { listConfigResourceVersions } from '../../shared/config-resources/config-resource-service';
import {
  configPageQuerySchema,
  configResourcePathSchema,
} from '../../shared/config-resources/config-resource-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: configResourcePathSchema, query: configPageQuerySchema },
  async ({ path, query, principal }) => ({
    body: await listConfigResourceVersions(principal, path.kind, path.resource_id, query),
  }),
);
