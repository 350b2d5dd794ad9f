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

/** The scope every ops query carries: the tenant (null for the whole platform). */
export interface OpsScope {
  tenantId: string | null;
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
  workers: {
    all: () => ['workers'] as const,
    health: (scope: OpsScope) => ['workers', 'health', scope] as const,
    metrics: (metric: string, params: OpsScope & { range: string }) =>
      ['workers', 'metrics', metric, params] as const,
  },
  sla: {
    all: () => ['sla'] as const,
    compliance: (params: { tenantId: string | null; period: string }) =>
      ['sla', 'compliance', params] as const,
    breaches: (params: { tenantId: string | null; from: string | null; to: string | null }) =>
      ['sla', 'breaches', params] as const,
    atRisk: (tenantId: string | null) => ['sla', 'at-risk', tenantId] as const,
    resolution: (params: { tenantId: string | null; period: string }) =>
      ['sla', 'resolution', params] as const,
  },
  dlq: {
    all: () => ['dlq'] as const,
    list: (filters: Record<string, string | undefined>) => ['dlq', 'list', filters] as const,
    detail: (dlqId: string) => ['dlq', 'detail', dlqId] as const,
    stats: (params: { tenantId: string | null; groupBy: string }) => ['dlq', 'stats', params] as const,
    batch: (batchId: string) => ['dlq', 'batch', batchId] as const,
  },
  alerts: {
    all: () => ['alerts'] as const,
    history: (filters: Record<string, string | undefined>) => ['alerts', 'history', filters] as const,
    detail: (alertId: string) => ['alerts', 'detail', alertId] as const,
    stats: (tenantId: string | null) => ['alerts', 'stats', tenantId] as const,
    rules: (tenantId: string | null) => ['alerts', 'rules', tenantId] as const,
    channels: (tenantId: string | null) => ['alerts', 'channels', tenantId] as const,
  },
};
