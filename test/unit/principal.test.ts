import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../shared/errors/typed-errors';
import {
  requirePlatform,
  requireRole,
  requireTenantAccess,
  resolveTenantScope,
  type Principal,
} from '../../shared/access/principal';
import { roleAtLeast } from '../../shared/access/roles';

const tenantAdmin: Principal = { keyId: 'k1', name: 'a', role: 'admin', tenantId: 'acme' };
const platformOperator: Principal = { keyId: 'k2', name: 'b', role: 'operator', tenantId: null };
const ingest: Principal = { keyId: 'k3', name: 'c', role: 'ingest', tenantId: null };

describe('roles and tenant scope', () => {
  it('orders human roles and keeps ingest outside the order', () => {
    expect(roleAtLeast('operator', 'viewer')).toBe(true);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
    expect(roleAtLeast('super_admin', 'admin')).toBe(true);
    expect(roleAtLeast('ingest', 'viewer')).toBe(false);
  });

  it('answers a too-low role with 403', () => {
    expect(() => requireRole(platformOperator, 'admin')).toThrow(ForbiddenError);
    expect(() => requireRole(ingest, 'viewer')).toThrow(ForbiddenError);
    expect(() => requirePlatform(tenantAdmin)).toThrow(ForbiddenError);
  });

  it('answers another tenant with 404, including the platform scope', () => {
    expect(() => requireTenantAccess(tenantAdmin, 'acme')).not.toThrow();
    expect(() => requireTenantAccess(tenantAdmin, 'globex')).toThrow(NotFoundError);
    expect(() => requireTenantAccess(tenantAdmin, 'platform')).toThrow(NotFoundError);
    expect(() => requireTenantAccess(platformOperator, 'globex')).not.toThrow();
  });

  it('scopes reads: a tenant principal to its own tenant, a platform principal to what it names', () => {
    expect(resolveTenantScope(tenantAdmin, undefined)).toBe('acme');
    expect(() => resolveTenantScope(tenantAdmin, 'globex')).toThrow(NotFoundError);
    expect(resolveTenantScope(platformOperator, 'globex')).toBe('globex');
    expect(resolveTenantScope(platformOperator, undefined)).toBeNull();
  });
});
