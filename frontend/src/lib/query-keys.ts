/**
 * The one factory for TanStack Query keys. Keys are hierarchical so a mutation can invalidate a
 * whole family (`queryKeys.apiKeys.all()`) or one entry (`queryKeys.apiKeys.list('acme')`).
 * New features add their family here rather than spelling keys inline.
 */

export interface TenantListParams {
  limit: number;
  cursor: string | null;
}

export interface AuditFilters {
  tenantId: string;
  from: string | null;
  to: string | null;
}

export const queryKeys = {
  me: () => ['me'] as const,
  tenants: {
    all: () => ['tenants'] as const,
    list: (params: TenantListParams) => ['tenants', 'list', params] as const,
    options: () => ['tenants', 'options'] as const,
    detail: (tenantId: string) => ['tenants', 'detail', tenantId] as const,
  },
  apiKeys: {
    all: () => ['api-keys'] as const,
    list: (tenantId: string) => ['api-keys', 'list', tenantId] as const,
  },
  audit: {
    all: () => ['audit'] as const,
    events: (filters: AuditFilters) => ['audit', 'events', filters] as const,
  },
};
