import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditActor } from '../audit-trail/audit-chain';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { ConflictError, NotFoundError, ValidationError } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requireRole,
  resolveTenantScope,
  type Principal,
} from '../access/principal';
import type { Page } from '../pagination/cursor';
import { findTenant } from '../tenants/tenant-repository';
import {
  applyConfigVersionWrites,
  findConfigResourceHead,
  findConfigVersion,
  findExistingConfigResourceIds,
  listConfigResourceHeads,
  listConfigVersions,
} from './config-resource-repository';
import {
  CONFIG_KIND_RESOURCE_TYPES,
  parseConfigContent,
  type ConfigKind,
  type ConfigPageQuery,
  type ConfigResource,
  type ConfigResourceSummary,
  type ConfigVersion,
  type ConfigVersionSummary,
  type CreateConfigResourceRequest,
  type PlaybookContent,
  type PolicyPackContent,
} from './config-resource-schemas';

/** The policy pack whose active version decides a tenant's SLA deadlines. */
export const DEFAULT_POLICY_PACK_ID = 'default';

/**
 * The tenant a config call is about: a tenant principal's own (naming another gives 404), or the
 * tenant a platform principal names in `?tenant_id=` (required, and it must exist).
 */
async function resolveConfigTenant(principal: Principal, requested: string | undefined): Promise<string> {
  const tenantId = resolveTenantScope(principal, requested);
  if (tenantId === null) {
    throw new ValidationError('Platform principals must name the tenant with ?tenant_id=.', {
      errors: [{ path: 'query.tenant_id', message: 'is required for platform principals' }],
    });
  }
  if (isPlatformPrincipal(principal) && !(await findTenant(tenantId))) {
    throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  }
  return tenantId;
}

const notFound = (kind: ConfigKind, resourceId: string) =>
  new NotFoundError(`There is no ${kind} resource ${resourceId}.`);

const digestOf = (content: unknown): string =>
  createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');

/** Lists the tenant's resources of one kind (viewer or above). */
export async function listConfigResources(
  principal: Principal,
  kind: ConfigKind,
  query: ConfigPageQuery,
): Promise<Page<ConfigResourceSummary>> {
  requireRole(principal, 'viewer');
  const tenantId = await resolveConfigTenant(principal, query.tenant_id);
  return listConfigResourceHeads(tenantId, kind, query);
}

/** Reads the resource and its active version's content, or null when there is none. */
async function readActiveResource(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
): Promise<ConfigResource | null> {
  const head = await findConfigResourceHead(tenantId, kind, resourceId);
  if (!head) return null;
  const version = await findConfigVersion(tenantId, kind, resourceId, head.active_version);
  if (!version) throw new Error(`${kind}/${resourceId} points at missing version ${head.active_version}`);
  return { ...head, content: version.content };
}

/** Reads a resource with its active version's content (viewer or above). */
export async function getConfigResource(
  principal: Principal,
  kind: ConfigKind,
  resourceId: string,
  requestedTenant: string | undefined,
): Promise<ConfigResource> {
  requireRole(principal, 'viewer');
  const tenantId = await resolveConfigTenant(principal, requestedTenant);
  const resource = await readActiveResource(tenantId, kind, resourceId);
  if (!resource) throw notFound(kind, resourceId);
  return resource;
}

/** Lists a resource's versions, newest first, without content (viewer or above). */
export async function listConfigResourceVersions(
  principal: Principal,
  kind: ConfigKind,
  resourceId: string,
  query: ConfigPageQuery,
): Promise<Page<ConfigVersionSummary>> {
  requireRole(principal, 'viewer');
  const tenantId = await resolveConfigTenant(principal, query.tenant_id);
  const page = await listConfigVersions(tenantId, kind, resourceId, query);
  if (
    page.items.length === 0 &&
    !query.cursor &&
    !(await findConfigResourceHead(tenantId, kind, resourceId))
  ) {
    throw notFound(kind, resourceId);
  }
  return page;
}

/** Reads one version of a resource (viewer or above). */
export async function getConfigResourceVersion(
  principal: Principal,
  kind: ConfigKind,
  resourceId: string,
  version: number,
  requestedTenant: string | undefined,
): Promise<ConfigVersion> {
  requireRole(principal, 'viewer');
  const tenantId = await resolveConfigTenant(principal, requestedTenant);
  const found = await findConfigVersion(tenantId, kind, resourceId, version);
  if (!found) throw new NotFoundError(`${kind}/${resourceId} has no version ${version}.`);
  return found;
}

/** A playbook may only use tools the tenant has defined. */
async function checkToolReferences(
  tenantId: string,
  playbook: PlaybookContent,
  location: string,
): Promise<void> {
  const references = playbook.steps.flatMap((step, index) =>
    step.type === 'tool' ? [{ index, id: step.tool_id }] : [],
  );
  if (references.length === 0) return;
  const existing = await findExistingConfigResourceIds(
    tenantId,
    'tools',
    references.map((reference) => reference.id),
  );
  const missing = references.filter((reference) => !existing.has(reference.id));
  if (missing.length === 0) return;
  const errors = missing.map((reference) => ({
    path: `${location}.steps.${reference.index}.tool_id`,
    message: `names no tool of this tenant (${reference.id})`,
  }));
  throw new ValidationError(
    `The playbook refers to tools that do not exist: ${missing.map((m) => m.id).join(', ')}`,
    { errors },
  );
}

export interface ApplyConfigVersionOptions {
  /** Who applies the version (the audit record's actor; for approved changes, the approver). */
  actor: AuditActor;
  requestId: string;
  /** The latest version the change was based on; 0 when the resource must not exist yet. */
  expectedVersion: number;
  /** Why the version exists (e.g. the change request it applies); kept with the version. */
  reason?: string | null;
}

async function applyVersion(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
  rawContent: unknown,
  options: ApplyConfigVersionOptions,
  location: string,
): Promise<ConfigResource> {
  const content = parseConfigContent(kind, rawContent, location);
  if (kind === 'playbooks') await checkToolReferences(tenantId, content as PlaybookContent, location);
  const before = await findConfigResourceHead(tenantId, kind, resourceId);
  const current = before?.latest_version ?? 0;
  const conflict = () =>
    options.expectedVersion === 0
      ? new ConflictError(
          `${kind}/${resourceId} already exists; new versions of it go through config change governance.`,
        )
      : new ConflictError(
          `${kind}/${resourceId} changed meanwhile: expected version ${options.expectedVersion} to be the latest.`,
        );
  if (current !== options.expectedVersion) throw conflict();
  const now = new Date().toISOString();
  const version: ConfigVersion = {
    tenant_id: tenantId,
    kind,
    resource_id: resourceId,
    version: current + 1,
    name: content.name,
    content_sha256: digestOf(content),
    created_at: now,
    created_by: options.actor,
    reason: options.reason ?? null,
    content: content as Record<string, unknown>,
  };
  await commitWithAudit(
    {
      tenant_id: tenantId,
      actor: options.actor,
      action: 'config.version_applied',
      resource: { type: CONFIG_KIND_RESOURCE_TYPES[kind], id: resourceId },
      before: before ? { ...before } : null,
      after: {
        kind,
        resource_id: resourceId,
        version: version.version,
        name: version.name,
        content_sha256: version.content_sha256,
        reason: version.reason,
        content: version.content,
      },
      request_id: options.requestId,
    },
    applyConfigVersionWrites(version, options.expectedVersion, conflict),
  );
  return {
    tenant_id: tenantId,
    kind,
    resource_id: resourceId,
    name: version.name,
    active_version: version.version,
    latest_version: version.version,
    created_at: before?.created_at ?? now,
    updated_at: now,
    content: version.content,
  };
}

/**
 * Validates `content` against the kind's schema and stores it as the resource's next version,
 * moving the active pointer to it, in one transaction with the audit record — provided the
 * resource's latest version is still `expectedVersion` (else 409). This is the "apply" step of
 * config change governance; it does not authorize, so callers must.
 */
export function applyConfigVersion(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
  content: unknown,
  options: ApplyConfigVersionOptions,
): Promise<ConfigResource> {
  return applyVersion(tenantId, kind, resourceId, content, options, 'content');
}

/** Creates version 1 of a resource (admins); later versions go through change governance (409). */
export async function createConfigResource(
  principal: Principal,
  kind: ConfigKind,
  resourceId: string,
  requestedTenant: string | undefined,
  body: CreateConfigResourceRequest,
  requestId: string,
): Promise<ConfigResource> {
  requireRole(principal, 'admin');
  const tenantId = await resolveConfigTenant(principal, requestedTenant);
  return applyVersion(
    tenantId,
    kind,
    resourceId,
    body.content,
    { actor: actorOf(principal), requestId, expectedVersion: 0, reason: body.reason ?? null },
    'body.content',
  );
}

export interface ActivePolicyPack {
  resource_id: string;
  version: number;
  content: PolicyPackContent;
}

/**
 * The active version of the tenant's policy pack (`default` unless another id is named), or null
 * when the tenant has none — then the platform's DEFAULT_SLA_POLICY applies.
 */
export async function getActivePolicyPack(
  tenantId: string,
  policyPackId: string = DEFAULT_POLICY_PACK_ID,
): Promise<ActivePolicyPack | null> {
  const resource = await readActiveResource(tenantId, 'policy-packs', policyPackId);
  if (!resource) return null;
  return {
    resource_id: resource.resource_id,
    version: resource.active_version,
    content: resource.content as PolicyPackContent,
  };
}
