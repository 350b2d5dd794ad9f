import type { Principal, Role } from '../types/api';
import { PLATFORM_TENANT_ID } from '../types/api';

/**
 * What the console shows to whom. These checks only hide what a role cannot use; the API
 * enforces every rule again (403 for a role too low, 404 for another tenant's resources).
 */

const ROLE_RANK: Record<Role, number> = {
  ingest: 0,
  viewer: 1,
  operator: 2,
  admin: 3,
  super_admin: 4,
};

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  admin: 'Admin',
  super_admin: 'Super admin',
  ingest: 'Ingest',
};

/** A role's display name; unknown roles (`system`) are shown as they are. */
export function roleLabel(role: string): string {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role as Role] : role;
}

/** True when the principal's role is at least `minimum` (ingest keys rank below viewer). */
export function hasRoleAtLeast(principal: Principal, minimum: Exclude<Role, 'ingest'>): boolean {
  return ROLE_RANK[principal.role] >= ROLE_RANK[minimum];
}

export function isPlatformPrincipal(principal: Principal): boolean {
  return principal.scope === 'platform';
}

/** Platform principals list every tenant; tenant principals see their own. */
export function canViewTenants(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'viewer');
}

export function canManageTenants(principal: Principal): boolean {
  return isPlatformPrincipal(principal) && hasRoleAtLeast(principal, 'admin');
}

export function canManageApiKeys(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'admin');
}

/** The operations pages (workers, SLA, DLQ, alerts): the API asks for operator and above. */
export function canViewOps(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'operator');
}

/** Retry and discard DLQ entries (the DLQ API's operator rule). */
export function canOperateDlq(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'operator');
}

/** Acknowledge and resolve alerts. */
export function canHandleAlerts(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'operator');
}

/** Create, change and delete alert rules and channels, and send test notifications. */
export function canManageAlerts(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'admin');
}

/** The keys of the special `platform` tenant are for super admins only. */
export function canManagePlatformKeys(principal: Principal): boolean {
  return principal.role === 'super_admin';
}

export function canViewAudit(principal: Principal): boolean {
  return hasRoleAtLeast(principal, 'admin');
}

/** The roles a new key may be given under `tenantId`. */
export function assignableRoles(tenantId: string): Role[] {
  return tenantId === PLATFORM_TENANT_ID
    ? ['viewer', 'operator', 'admin', 'super_admin', 'ingest']
    : ['viewer', 'operator', 'admin'];
}

/** Thrown by a route guard when the principal's role may not open the page. */
export class RouteForbiddenError extends Error {
  override name = 'RouteForbiddenError';
}
