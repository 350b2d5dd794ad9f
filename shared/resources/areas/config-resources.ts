import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readConfig = { tables: { config: 'read' } } as const satisfies ResourceAccess;
const writeConfigAndAudit = { tables: { config: 'write', audit: 'write' } } as const satisfies ResourceAccess;

/** Versioned config resources per tenant: domain packs, policy packs, tools and playbooks. */
export const configFunctions = {
  listConfigResources: {
    description: "List a tenant's config resources of one kind.",
    entry: 'functions/config-resources/list-config-resources.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/config/{kind}' }],
  },
  getConfigResource: {
    description: 'Read a config resource with its active version.',
    entry: 'functions/config-resources/get-config-resource.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/config/{kind}/{resource_id}' }],
  },
  createConfigResource: {
    description: 'Create version 1 of a config resource (admins).',
    entry: 'functions/config-resources/create-config-resource.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'POST', path: '/config/{kind}/{resource_id}' }],
  },
  listConfigVersions: {
    description: "List a config resource's versions, newest first.",
    entry: 'functions/config-resources/list-config-versions.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/config/{kind}/{resource_id}/versions' }],
  },
  getConfigVersion: {
    description: 'Read one version of a config resource.',
    entry: 'functions/config-resources/get-config-version.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/config/{kind}/{resource_id}/versions/{version}' }],
  },
} as const satisfies Record<string, FunctionDeclaration>;
