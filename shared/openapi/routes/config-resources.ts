import {
  configKindPathSchema,
  configPageQuerySchema,
  configResourcePathSchema,
  configResourceSchema,
  configResourceSummarySchema,
  configTenantQuerySchema,
  configVersionPathSchema,
  configVersionSchema,
  configVersionSummarySchema,
  createConfigResourceBodySchema,
} from '../../config-resources/config-resource-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** Versioned config resources: domain packs, policy packs, tools and playbooks. */
export const configRoutes: Record<string, RouteDocumentation> = {
  'GET /config/{kind}': {
    summary: "List a tenant's config resources of one kind (platform principals name tenant_id)",
    tag: 'config',
    path: configKindPathSchema,
    query: configPageQuerySchema,
    response: {
      status: 200,
      description: 'A page of resources, by id',
      schema: pageOf(configResourceSummarySchema),
    },
  },
  'GET /config/{kind}/{resource_id}': {
    summary: 'Read a config resource with its active version',
    tag: 'config',
    path: configResourcePathSchema,
    query: configTenantQuerySchema,
    response: {
      status: 200,
      description: "The resource and its active version's content",
      schema: configResourceSchema,
    },
  },
  'POST /config/{kind}/{resource_id}': {
    summary: 'Create version 1 of a config resource (admins; later versions go through change governance)',
    tag: 'config',
    path: configResourcePathSchema,
    query: configTenantQuerySchema,
    body: createConfigResourceBodySchema,
    response: { status: 201, description: 'The resource at version 1', schema: configResourceSchema },
  },
  'GET /config/{kind}/{resource_id}/versions': {
    summary: "List a config resource's versions, newest first (without content)",
    tag: 'config',
    path: configResourcePathSchema,
    query: configPageQuerySchema,
    response: { status: 200, description: 'A page of versions', schema: pageOf(configVersionSummarySchema) },
  },
  'GET /config/{kind}/{resource_id}/versions/{version}': {
    summary: 'Read one version of a config resource',
    tag: 'config',
    path: configVersionPathSchema,
    query: configTenantQuerySchema,
    response: { status: 200, description: 'The version with its content', schema: configVersionSchema },
  },
};
