import type { ApiKey, AuditEvent, Page, Principal, Tenant } from '../types/api';

export const superAdmin: Principal = {
  key_id: 'key_root',
  name: 'Root Operator',
  role: 'super_admin',
  scope: 'platform',
  tenant_id: null,
  tenant: null,
};

export const platformAdmin: Principal = {
  ...superAdmin,
  key_id: 'key_padmin',
  name: 'Pat Platform',
  role: 'admin',
};

export const platformViewer: Principal = {
  ...superAdmin,
  key_id: 'key_pview',
  name: 'Vic Viewer',
  role: 'viewer',
};

export const tenantAdmin: Principal = {
  key_id: 'key_acme_admin',
  name: 'Ada Admin',
  role: 'admin',
  scope: 'tenant',
  tenant_id: 'acme',
  tenant: { tenant_id: 'acme', name: 'Acme Corp', status: 'ACTIVE', time_zone: 'Europe/Berlin' },
};

export const tenantViewer: Principal = {
  ...tenantAdmin,
  key_id: 'key_acme_view',
  name: 'Val Viewer',
  role: 'viewer',
};

export const ingestPrincipal: Principal = {
  ...superAdmin,
  key_id: 'key_ingest',
  name: 'Worker fleet',
  role: 'ingest',
};

export function makeTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    tenant_id: 'acme',
    name: 'Acme Corp',
    time_zone: 'Europe/Berlin',
    status: 'ACTIVE',
    created_at: '2025-01-15T09:30:00.000Z',
    updated_at: '2025-01-15T09:30:00.000Z',
    ...overrides,
  };
}

export function makeApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    key_id: 'key_ci',
    tenant_id: 'acme',
    name: 'CI pipeline',
    role: 'operator',
    status: 'active',
    created_at: '2025-02-01T08:00:00.000Z',
    revoked_at: null,
    last_used_at: '2025-02-03T12:00:00.000Z',
    created_by: 'key_acme_admin',
    ...overrides,
  };
}

export function makeAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    tenant_id: 'acme',
    seq: 42,
    event_id: 'evt_42',
    occurred_at: '2025-03-01T10:15:00.000Z',
    actor: { key_id: 'key_acme_admin', name: 'Ada Admin', role: 'admin', tenant_id: 'acme' },
    action: 'tenant.updated',
    resource: { type: 'tenant', id: 'acme' },
    before: { name: 'Acme' },
    after: { name: 'Acme Corp' },
    request_id: 'req-audit-42',
    hash: 'h42',
    prev_hash: 'h41',
    ...overrides,
  };
}

export function page<T>(items: T[], nextCursor: string | null = null): Page<T> {
  return { items, next_cursor: nextCursor };
}
