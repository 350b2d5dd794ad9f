import { commitWithAudit } from '../audit-trail/audit-repository';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors/typed-errors';
import { findTenant } from '../tenants/tenant-repository';
import type { Page } from '../pagination/cursor';
import { adoptApiKey, generateApiKey } from './api-key-secret';
import {
  claimBootstrapWrite,
  findApiKey,
  insertApiKeyWrite,
  isBootstrapped,
  listApiKeys,
  revokeApiKeyWrite,
  type StoredApiKey,
} from './api-key-repository';
import type { ApiKey, CreateApiKeyBody } from './api-key-schemas';
import { actorOf, requireRole, requireTenantAccess, type Principal } from '../access/principal';
import { PLATFORM_TENANT, TENANT_KEY_ROLES, type Role } from '../access/access-vocabulary';

const auditView = (key: ApiKey) => ({ ...key });

/**
 * Checks that the principal may manage keys of `tenantId` (`platform` for platform-wide keys)
 * and returns the owner to store (null for the platform).
 */
async function authorizeKeyOwner(principal: Principal, tenantId: string): Promise<string | null> {
  requireRole(principal, 'admin');
  if (tenantId === PLATFORM_TENANT) {
    requireTenantAccess(principal, tenantId);
    requireRole(principal, 'super_admin');
    return null;
  }
  requireTenantAccess(principal, tenantId);
  if (!(await findTenant(tenantId))) throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  return tenantId;
}

/** Issues a key; the returned `secret` is the only time the full key is ever shown. */
export async function createApiKey(
  principal: Principal,
  tenantId: string,
  body: CreateApiKeyBody,
  requestId: string,
): Promise<ApiKey & { secret: string }> {
  const owner = await authorizeKeyOwner(principal, tenantId);
  if (owner !== null && !(TENANT_KEY_ROLES as readonly Role[]).includes(body.role)) {
    throw new ValidationError(`A tenant key's role must be one of ${TENANT_KEY_ROLES.join(', ')}.`, {
      errors: [
        { path: 'body.role', message: `must be one of ${TENANT_KEY_ROLES.join(', ')} for a tenant key` },
      ],
    });
  }
  const generated = generateApiKey();
  const stored: StoredApiKey = {
    key_id: generated.keyId,
    tenant_id: owner,
    name: body.name,
    role: body.role,
    status: 'active',
    created_at: new Date().toISOString(),
    created_by: principal.keyId,
    revoked_at: null,
    last_used_at: null,
    secret_hash: generated.secretHash,
  };
  const { secret_hash: _hash, ...key } = stored;
  await commitWithAudit(
    {
      tenant_id: tenantId,
      actor: actorOf(principal),
      action: 'api_key.created',
      resource: { type: 'api_key', id: key.key_id },
      before: null,
      after: auditView(key),
      request_id: requestId,
    },
    [insertApiKeyWrite(stored)],
  );
  return { ...key, secret: generated.apiKey };
}

/** Lists the keys of a tenant (or `platform`), never their secrets. */
export async function listApiKeysOf(
  principal: Principal,
  tenantId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<ApiKey>> {
  const owner = await authorizeKeyOwner(principal, tenantId);
  return listApiKeys(owner, page);
}

/** Revokes a key at once; later requests with it get 401. */
export async function revokeApiKey(principal: Principal, keyId: string, requestId: string): Promise<ApiKey> {
  requireRole(principal, 'admin');
  const key = await findApiKey(keyId);
  const chain = key?.tenant_id ?? PLATFORM_TENANT;
  const visible =
    key !== null &&
    (principal.tenantId === null
      ? key.tenant_id !== null || principal.role === 'super_admin'
      : key.tenant_id === principal.tenantId);
  if (!key || !visible) throw new NotFoundError(`API key ${keyId} was not found.`);
  if (key.tenant_id === null) requireRole(principal, 'super_admin');
  const revoked: ApiKey = { ...key, status: 'revoked', revoked_at: new Date().toISOString() };
  await commitWithAudit(
    {
      tenant_id: chain,
      actor: actorOf(principal),
      action: 'api_key.revoked',
      resource: { type: 'api_key', id: keyId },
      before: auditView(key),
      after: auditView(revoked),
      request_id: requestId,
    },
    [revokeApiKeyWrite(keyId, revoked.revoked_at!)],
  );
  return revoked;
}

export interface BootstrapResult {
  keyId: string;
  /** The full key, when this call generated it (null when the operator supplied it). */
  generatedKey: string | null;
}

/**
 * Creates the first super-admin key, once per installation. With `presetKey` (OPSDECK_ADMIN_KEY)
 * that value becomes the key; otherwise one is generated and returned to be printed once.
 * Returns null when a super-admin already exists.
 */
export async function bootstrapSuperAdmin(presetKey: string | undefined): Promise<BootstrapResult | null> {
  if (await isBootstrapped()) return null;
  let keyId: string;
  let secretHash: string;
  let generatedKey: string | null = null;
  if (presetKey) {
    const adopted = adoptApiKey(presetKey);
    if (!adopted) {
      throw new Error(
        'OPSDECK_ADMIN_KEY must look like odk_<20 lower-case letters or digits>_<43 base64url characters>; ' +
          'leave it unset to have one generated.',
      );
    }
    ({ keyId, secretHash } = adopted);
  } else {
    const generated = generateApiKey();
    ({ keyId, secretHash } = generated);
    generatedKey = generated.apiKey;
  }
  const now = new Date().toISOString();
  const stored: StoredApiKey = {
    key_id: keyId,
    tenant_id: null,
    name: 'bootstrap super-admin',
    role: 'super_admin',
    status: 'active',
    created_at: now,
    created_by: 'system',
    revoked_at: null,
    last_used_at: null,
    secret_hash: secretHash,
  };
  const { secret_hash: _hash, ...key } = stored;
  try {
    await commitWithAudit(
      {
        tenant_id: PLATFORM_TENANT,
        actor: { key_id: 'system', name: 'system', role: 'system', tenant_id: null },
        action: 'api_key.bootstrapped',
        resource: { type: 'api_key', id: keyId },
        before: null,
        after: auditView(key),
        request_id: `bootstrap-${now}`,
      },
      [claimBootstrapWrite(keyId, now), insertApiKeyWrite(stored)],
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AlreadyBootstrappedError') return null;
    throw error;
  }
  return { keyId, generatedKey };
}

/** The calling principal as `GET /me` shows it. */
export async function describePrincipal(principal: Principal) {
  if (principal.role === 'ingest') throw new ForbiddenError('The ingest role may only write ingest data.');
  const tenant = principal.tenantId ? await findTenant(principal.tenantId) : null;
  return {
    key_id: principal.keyId,
    name: principal.name,
    role: principal.role,
    scope: principal.tenantId === null ? ('platform' as const) : ('tenant' as const),
    tenant_id: principal.tenantId,
    tenant: tenant
      ? { tenant_id: tenant.tenant_id, name: tenant.name, status: tenant.status, time_zone: tenant.time_zone }
      : null,
  };
}
