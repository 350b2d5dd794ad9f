import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { problemSchema, type RouteDocumentation } from './route-documentation';
import { foundationRoutes } from './routes/foundation';
import { ingestRoutes } from './routes/ingest';
import { configRoutes } from './routes/config-resources';
import { registryRoutes } from './routes/registry';
import { dlqRoutes } from './routes/dlq';
import { opsWorkersRoutes } from './routes/ops-workers';
import { opsSlaRoutes } from './routes/ops-sla';
import { alertChannelRoutes } from './routes/alert-channels';
import { alertRuleRoutes } from './routes/alert-rules';
import { alertHistoryRoutes } from './routes/alert-history';

/** Route documentation keyed by `METHOD /path` (relative to /api), one module per area. */
export const routeDocumentation: Record<string, RouteDocumentation> = {
  ...foundationRoutes,
  ...ingestRoutes,
  ...configRoutes,
  ...registryRoutes,
  ...dlqRoutes,
  ...opsWorkersRoutes,
  ...opsSlaRoutes,
  ...alertChannelRoutes,
  ...alertRuleRoutes,
  ...alertHistoryRoutes,
};

/** Generates the OpenAPI 3.1 document from the route documentation and zod schemas. */
export function buildOpenApiDocument(serverUrl = '/api') {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An Opsdeck API key: odk_<key id>_<secret>',
  });
  for (const [key, doc] of Object.entries(routeDocumentation)) {
    const [method, path] = key.split(' ') as [string, string];
    const request: RouteConfig['request'] = {
      ...(doc.path ? { params: doc.path as never } : {}),
      ...(doc.query ? { query: doc.query as never } : {}),
      ...(doc.body ? { body: { content: { 'application/json': { schema: doc.body } } } } : {}),
    };
    registry.registerPath({
      method: method.toLowerCase() as RouteConfig['method'],
      path,
      summary: doc.summary,
      tags: [doc.tag],
      ...(doc.authenticated === false ? {} : { security: [{ [bearer.name]: [] }] }),
      request,
      responses: {
        [doc.response.status]: {
          description: doc.response.description,
          ...(doc.response.schema
            ? { content: { 'application/json': { schema: doc.response.schema } } }
            : {}),
        },
        default: {
          description: 'An RFC 9457 problem',
          content: { 'application/problem+json': { schema: problemSchema } },
        },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Opsdeck API',
      version: '1.0.0',
      description: 'Operations and governance API of the Opsdeck console.',
    },
    servers: [{ url: serverUrl }],
  });
}
