import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readConfig = { tables: { config: 'read' } } as const satisfies ResourceAccess;
const writeConfigAndAudit = { tables: { config: 'write', audit: 'write' } } as const satisfies ResourceAccess;

export const foundationFunctions = {
  getHealth: {
    description: 'Liveness of the API.',
    entry: 'functions/health/get-health.ts',
    access: {},
    routes: [{ method: 'GET', path: '/health' }],
  },
  getOpenApi: {
    description: 'The OpenAPI document, generated from the zod schemas.',
    entry: 'functions/health/get-openapi.ts',
    access: {},
    routes: [{ method: 'GET', path: '/openapi.json' }],
  },
  getMe: {
    description: 'The calling principal.',
    entry: 'functions/identity/get-me.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/me' }],
  },
  createTenant: {
    description: 'Create a tenant (platform admins).',
    entry: 'functions/tenants/create-tenant.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'POST', path: '/admin/tenants' }],
  },
  listTenants: {
    description: 'List tenants (platform principals).',
    entry: 'functions/tenants/list-tenants.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/tenants' }],
  },
  getTenant: {
    description: 'Read one tenant.',
    entry: 'functions/tenants/get-tenant.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/tenants/{tenant_id}' }],
  },
  updateTenant: {
    description: 'Rename, change time zone, suspend or reactivate a tenant.',
    entry: 'functions/tenants/update-tenant.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'PATCH', path: '/admin/tenants/{tenant_id}' }],
  },
  createApiKey: {
    description: 'Issue an API key for a tenant (the secret is returned once).',
    entry: 'functions/api-keys/create-api-key.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'POST', path: '/admin/tenants/{tenant_id}/api-keys' }],
  },
  listApiKeys: {
    description: "List a tenant's API keys (never their secrets).",
    entry: 'functions/api-keys/list-api-keys.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/tenants/{tenant_id}/api-keys' }],
  },
  revokeApiKey: {
    description: 'Revoke an API key.',
    entry: 'functions/api-keys/revoke-api-key.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'DELETE', path: '/admin/api-keys/{key_id}' }],
  },
  listAuditEvents: {
    description: 'List audit events.',
    entry: 'functions/audit/list-audit-events.ts',
    access: { tables: { config: 'read', audit: 'read' } },
    routes: [{ method: 'GET', path: '/admin/audit' }],
  },
  verifyAuditChain: {
    description: 'Verify the audit hash chain and report the first broken link.',
    entry: 'functions/audit/verify-audit-chain.ts',
    access: { tables: { config: 'read', audit: 'read' } },
    timeoutSeconds: 60,
    routes: [{ method: 'GET', path: '/admin/audit/verify' }],
  },
  verifyAuditChainsScheduled: {
    description: "Verify every tenant's audit chain on a schedule and record the outcome.",
    entry: 'functions/audit/verify-audit-chains-scheduled.ts',
    access: { tables: { config: 'read', audit: 'write' } },
    timeoutSeconds: 300,
    schedule: 'rate(1 hour)',
  },
} as const satisfies Record<string, FunctionDeclaration>;
