import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { AlertDetailPanel } from '../../features/alerts/components/alert-detail-panel';
import { AlertHistoryFilterForm } from '../../features/alerts/components/alert-history-filters';
import { AlertHistoryPanel } from '../../features/alerts/components/alert-history-panel';
import { usePrincipal } from '../../features/auth/api/get-me';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { canHandleAlerts, isPlatformPrincipal } from '../../lib/authorization';
import { PLATFORM_TENANT_ID } from '../../types/api';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/ops/alerts/history');

/** Every alert of one owner: filters in the URL, one alert in detail, acknowledge and resolve. */
export function OpsAlertHistoryRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  // Platform principals read one owner at a time: the platform's own alerts (worker health) by default.
  const owner = platform ? (search.tenant ?? PLATFORM_TENANT_ID) : undefined;
  const filters = definedEntries({
    tenant_id: owner,
    type: search.type,
    status: search.status,
    from: search.from,
    to: search.to,
  });
  const canHandle = canHandleAlerts(principal);
  const openAlert = (alert: string | undefined) =>
    void navigate({ search: (prev) => definedEntries({ ...prev, alert }) });

  return (
    <>
      <PageHeader
        title="Alert history"
        description="Every alert raised, its notifications, and who handled it."
      />
      <div className="toolbar">
        {platform ? (
          <TenantPicker
            label="Owner"
            includePlatform
            value={owner ?? null}
            onChange={(next) =>
              void navigate({
                search: (prev) => definedEntries({ ...prev, tenant: next ?? undefined, alert: undefined }),
              })
            }
          />
        ) : null}
        <AlertHistoryFilterForm
          key={JSON.stringify(filters)}
          value={filters}
          onApply={(next) => void navigate({ search: definedEntries({ tenant: search.tenant, ...next }) })}
        />
      </div>
      <div className="stack">
        <AlertHistoryPanel
          filters={filters}
          selectedAlert={search.alert ?? null}
          onOpenAlert={openAlert}
          canHandle={canHandle}
        />
        {search.alert ? (
          <AlertDetailPanel
            key={search.alert}
            alertId={search.alert}
            canHandle={canHandle}
            onClose={() => openAlert(undefined)}
          />
        ) : null}
      </div>
    </>
  );
}
