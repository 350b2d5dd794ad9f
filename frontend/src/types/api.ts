/**
 * Shapes of the Opsdeck API as the console reads them (snake_case, exactly as served under /api).
 * Shared by every feature; a feature never imports another feature's types.
 */

export type Role = 'viewer' | 'operator' | 'admin' | 'super_admin' | 'ingest';
export type PrincipalScope = 'tenant' | 'platform';
export type TenantStatus = 'ACTIVE' | 'SUSPENDED';
export type ApiKeyStatus = 'active' | 'revoked';

/** The tenant id under which platform-wide API keys (and platform audit events) live. */
export const PLATFORM_TENANT_ID = 'platform';

export interface TenantSummary {
  tenant_id: string;
  name: string;
  status: TenantStatus;
  time_zone: string;
}

/** `GET /api/me`: who the current API key belongs to. */
export interface Principal {
  key_id: string;
  name: string;
  role: Role;
  scope: PrincipalScope;
  tenant_id: string | null;
  tenant: TenantSummary | null;
}

export interface Tenant {
  tenant_id: string;
  name: string;
  time_zone: string;
  status: TenantStatus;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  key_id: string;
  /** `null` for platform-wide keys. */
  tenant_id: string | null;
  name: string;
  role: Role;
  status: ApiKeyStatus;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_by: string;
}

/** The answer to creating a key: the only time its secret is ever returned. */
export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface AuditActor {
  key_id: string;
  name: string;
  /** A role, or `system` for what the platform does by itself (the bootstrap key). */
  role: string;
}

export interface AuditEvent {
  tenant_id: string;
  seq: number;
  event_id: string;
  occurred_at: string;
  actor: AuditActor;
  action: string;
  resource: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string;
  hash: string;
  prev_hash: string;
}

export interface AuditChainVerification {
  tenant_id: string;
  ok: boolean;
  checked: number;
  first_broken: { seq: number; reason: string } | null;
}

/** Every list endpoint answers one page and an opaque cursor for the next one. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
