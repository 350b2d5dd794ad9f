import { ForbiddenError, NotFoundError } from '../errors/typed-errors';
import { PLATFORM_TENANT, type HumanRole, type Role } from './access-vocabulary';
import { roleAtLeast } from './roles';

/** Who is calling: resolved from the API key by the authentication middleware. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  /** The tenant the key belongs to; null for platform-wide keys. */
  readonly tenantId: string | null;
}

export const isPlatformPrincipal = (principal: Principal): boolean => principal.tenantId === null;

/** Throws 403 unless the principal holds at least `minimum`. */
export function requireRole(principal: Principal, minimum: HumanRole): void {
  if (!roleAtLeast(principal.role, minimum)) {
    throw new ForbiddenError(
      `This action needs the ${minimum} role or higher; the key has ${principal.role}.`,
    );
  }
}

/** Throws 403 unless the principal is platform-wide. */
export function requirePlatform(principal: Principal): void {
  if (!isPlatformPrincipal(principal)) {
    throw new ForbiddenError('This action is reserved for platform principals.');
  }
}

/**
 * Throws 404 when a tenant-scoped principal names a tenant other than its own, so that other
 * tenants' existence never leaks. `platform` is the platform's own scope.
 */
export function requireTenantAccess(principal: Principal, tenantId: string): void {
  if (principal.tenantId !== null && principal.tenantId !== tenantId) {
    throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  }
  if (principal.tenantId !== null && tenantId === PLATFORM_TENANT) {
    throw new NotFoundError(`Tenant ${tenantId} was not found.`);
  }
}

/**
 * The tenant a read is scoped to: a tenant principal's own tenant (naming another gives 404), or
 * for a platform principal the tenant it names, or null meaning "all tenants".
 */
export function resolveTenantScope(principal: Principal, requested: string | undefined): string | null {
  if (principal.tenantId !== null) {
    if (requested !== undefined) requireTenantAccess(principal, requested);
    return principal.tenantId;
  }
  return requested ?? null;
}

/** The audit-facing description of a principal. */
export const actorOf = (principal: Principal) => ({
  key_id: principal.keyId,
  name: principal.name,
  role: principal.role,
  tenant_id: principal.tenantId,
});
