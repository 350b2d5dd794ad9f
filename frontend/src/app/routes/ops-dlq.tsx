import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { usePrincipal } from '../../features/auth/api/get-me';
import { DlqDetailPanel } from '../../features/dlq/components/dlq-detail-panel';
import { DlqEntriesPanel } from '../../features/dlq/components/dlq-entries-panel';
import { DlqFilterForm } from '../../features/dlq/components/dlq-filter-form';
import { DlqGrowthPanel } from '../../features/dlq/components/dlq-growth-panel';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { canOperateDlq, isPlatformPrincipal } from '../../lib/authorization';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/ops/dlq');

/** The dead-letter queue: growth, filtered entries, one entry in detail; retry, batch retry, discard. */
export function OpsDlqRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;
  const filters = definedEntries({
    tenant_id: platform ? search.tenant : undefined,
    event_type: search.event_type,
    status: search.status,
    from: search.from,
    to: search.to,
    q: search.q,
  });
  const canOperate = canOperateDlq(principal);
  const openEntry = (entry: string | undefined) =>
    void navigate({ search: (prev) => definedEntries({ ...prev, entry }) });

  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Messages the workers could not process: read them, retry them to their destination, or discard them."
      />
      <div className="toolbar">
        {platform ? (
          <TenantPicker
            value={tenantId}
            emptyLabel="All tenants"
            onChange={(next) =>
              void navigate({
                search: (prev) => definedEntries({ ...prev, tenant: next ?? undefined, entry: undefined }),
              })
            }
          />
        ) : null}
        <DlqFilterForm
          key={JSON.stringify(filters)}
          value={filters}
          onApply={(next) => void navigate({ search: definedEntries({ tenant: search.tenant, ...next }) })}
        />
      </div>
      <div className="stack">
        <DlqGrowthPanel tenantId={tenantId} />
        <div className="stack">
          <DlqEntriesPanel
            // A new filter starts again at page 1 with nothing selected.
            key={JSON.stringify(filters)}
            filters={filters}
            selectedEntry={search.entry ?? null}
            onOpenEntry={openEntry}
            canOperate={canOperate}
          />
          {search.entry ? (
            <DlqDetailPanel
              key={search.entry}
              dlqId={search.entry}
              canOperate={canOperate}
              onOpenEntry={openEntry}
              onClose={() => openEntry(undefined)}
            />
          ) : null}
        </div>
      </div>
    </>
  );
}
