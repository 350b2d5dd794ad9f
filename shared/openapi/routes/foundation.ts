import { z } from 'zod';
import {
  auditRecordSchema,
  chainVerificationSchema,
  listAuditQuerySchema,
  verifyAuditQuerySchema,
} from '../../audit/audit-schemas';
import {
  apiKeyPathSchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  meSchema,
} from '../../identity/api-key-schemas';
import { pageQuerySchema } from '../../pagination/page-query';
import {
  createTenantBodySchema,
  tenantPathSchema,
  tenantSchema,
  updateTenantBodySchema,
} from '../../tenants/tenant-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** Identity, tenants, API keys and audit. */
export const foundationRoutes: Record<string, RouteDocumentation> = {
  'GET /health': {
    summary: 'Liveness of the API',
    tag: 'platform',
    authenticated: false,
    response: {
      status: 200,
      description: 'The API answers',
      schema: z.object({ status: z.literal('ok'), service: z.string(), time: z.string() }),
    },
  },
  'GET /openapi.json': {
    summary: 'This OpenAPI document',
    tag: 'platform',
    authenticated: false,
    response: { status: 200, description: 'OpenAPI 3.1 document' },
  },
  'GET /me': {
    summary: 'The calling principal',
    tag: 'identity',
    response: { status: 200, description: 'The principal', schema: meSchema },
  },
  'POST /admin/tenants': {
    summary: 'Create a tenant (platform admins)',
    tag: 'tenants',
    body: createTenantBodySchema,
    response: { status: 201, description: 'The tenant', schema: tenantSchema },
  },
  'GET /admin/tenants': {
    summary: 'List tenants (platform principals)',
    tag: 'tenants',
    query: pageQuerySchema,
    response: { status: 200, description: 'A page of tenants', schema: pageOf(tenantSchema) },
  },
  'GET /admin/tenants/{tenant_id}': {
    summary: 'Read a tenant',
    tag: 'tenants',
    path: tenantPathSchema,
    response: { status: 200, description: 'The tenant', schema: tenantSchema },
  },
  'PATCH /admin/tenants/{tenant_id}': {
    summary: 'Rename, change time zone, suspend or reactivate a tenant',
    tag: 'tenants',
    path: tenantPathSchema,
    body: updateTenantBodySchema,
    response: { status: 200, description: 'The tenant after the change', schema: tenantSchema },
  },
  'POST /admin/tenants/{tenant_id}/api-keys': {
    summary: 'Issue an API key (tenant id `platform` for platform-wide keys)',
    tag: 'api-keys',
    path: tenantPathSchema,
    body: createApiKeyBodySchema,
    response: {
      status: 201,
      description: 'The key, with its secret shown this once',
      schema: createdApiKeySchema,
    },
  },
  'GET /admin/tenants/{tenant_id}/api-keys': {
    summary: "List a tenant's API keys",
    tag: 'api-keys',
    path: tenantPathSchema,
    query: pageQuerySchema,
    response: { status: 200, description: 'A page of keys', schema: pageOf(apiKeySchema) },
  },
  'DELETE /admin/api-keys/{key_id}': {
    summary: 'Revoke an API key',
    tag: 'api-keys',
    path: apiKeyPathSchema,
    response: { status: 200, description: 'The revoked key', schema: apiKeySchema },
  },
  'GET /admin/audit': {
    summary: 'List audit events of a chain, newest first',
    tag: 'audit',
    query: listAuditQuerySchema,
    response: { status: 200, description: 'A page of audit events', schema: pageOf(auditRecordSchema) },
  },
  'GET /admin/audit/verify': {
    summary: 'Verify the hash chain of a tenant (or the platform)',
    tag: 'audit',
    query: verifyAuditQuerySchema,
    response: { status: 200, description: 'The verification result', schema: chainVerificationSchema },
  },
};
