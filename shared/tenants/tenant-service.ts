import { commitWithAudit } from '../audit-trail/audit-repository';
import { ForbiddenError, NotFoundError } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requirePlatform,
  requireRole,
  requireTenantAccess,
  type Principal,
} from '../access/principal';
import type { Page } from '../pagination/cursor';
import { findTenant, insertTenantWrite, listTenants, replaceTenantWrite } from './tenant-repository';
import type { CreateTenantBody, Tenant, UpdateTenantBody } from './tenant-schemas';

/** Creates a tenant (platform admins); a second creation of the same id gets 409. */
export async function createTenant(
  principal: Principal,
  body: CreateTenantBody,
  requestId: string,
): Promise<Tenant> {
  requirePlatform(principal);
  requireRole(principal, 'admin');
  const now = new Date().toISOString();
  const tenant: Tenant = { ...body, status: 'ACTIVE', created_at: now, updated_at: now };
  await commitWithAudit(
    {
      tenant_id: tenant.tenant_id,
      actor: actorOf(principal),
      action: 'tenant.created',
      resource: { type: 'tenant', id: tenant.tenant_id },
      before: null,
      after: tenant,
      request_id: requestId,
    },
    [insertTenantWrite(tenant)],
  );
  return tenant;
}

/** Reads a tenant the principal may see (404 for any other). */
export async function getTenant(principal: Principal, tenantId: string): Promise<Tenant> {
  requireRole(principal, 'viewer');
  requireTenantAccess(principal, tenantId);
  const tenant = await findTenant(tenantId);
  if (!tenant) throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  return tenant;
}

/** Lists every tenant (platform principals only). */
export async function listAllTenants(
  principal: Principal,
  page: { cursor?: string; limit: number },
): Promise<Page<Tenant>> {
  requirePlatform(principal);
  requireRole(principal, 'viewer');
  return listTenants(page);
}

/**
 * Changes a tenant's name, time zone or status. Tenant admins may rename their own tenant and
 * change its time zone; suspending or reactivating is for platform admins.
 */
export async function updateTenant(
  principal: Principal,
  tenantId: string,
  changes: UpdateTenantBody,
  requestId: string,
): Promise<Tenant> {
  requireRole(principal, 'admin');
  const before = await getTenant(principal, tenantId);
  if (changes.status !== undefined && changes.status !== before.status && !isPlatformPrincipal(principal)) {
    throw new ForbiddenError('Only platform admins may suspend or reactivate a tenant.');
  }
  const after: Tenant = { ...before, ...changes, updated_at: new Date().toISOString() };
  if (after.updated_at === before.updated_at)
    after.updated_at = new Date(Date.parse(after.updated_at) + 1).toISOString();
  const action =
    changes.status && changes.status !== before.status
      ? changes.status === 'SUSPENDED'
        ? 'tenant.suspended'
        : 'tenant.reactivated'
      : 'tenant.updated';
  await commitWithAudit(
    {
      tenant_id: tenantId,
      actor: actorOf(principal),
      action,
      resource: { type: 'tenant', id: tenantId },
      before,
      after,
      request_id: requestId,
    },
    [replaceTenantWrite(after, before.updated_at)],
  );
  return after;
}
