import { listConfigResources } from '../../shared/config-resources/config-resource-service';
import {
  configKindPathSchema,
  configPageQuerySchema,
} from '../../shared/config-resources/config-resource-schemas';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: configKindPathSchema, query: configPageQuerySchema },
  async ({ path, query, principal }) => ({ body: await listConfigResources(principal, path.kind, query) }),
);
