import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { useAlertChannels } from '../../features/alerts/api/alert-channels';
import { AlertChannelsPanel } from '../../features/alerts/components/alert-channels-panel';
import { AlertRulesPanel } from '../../features/alerts/components/alert-rules-panel';
import { usePrincipal } from '../../features/auth/api/get-me';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { canManageAlerts, isPlatformPrincipal } from '../../lib/authorization';
import { PLATFORM_TENANT_ID } from '../../types/api';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/ops/alerts');

/** Alert rules and notification channels of one owner (a tenant, or the platform's own). */
export function OpsAlertsRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  // Tenant principals manage their own tenant's alerts (owner omitted); platform principals choose.
  const owner = platform ? (search.tenant ?? PLATFORM_TENANT_ID) : null;
  const channels = useAlertChannels(owner);
  const canManage = canManageAlerts(principal);

  return (
    <>
      <PageHeader
        title="Alert rules"
        description="Thresholds that raise alerts, and the channels their notifications go to."
      />
      {platform ? (
        <div className="toolbar">
          <TenantPicker
            label="Owner"
            includePlatform
            value={owner}
            onChange={(next) => void navigate({ search: definedEntries({ tenant: next ?? undefined }) })}
          />
        </div>
      ) : null}
      <div className="stack">
        <AlertRulesPanel
          owner={owner}
          channels={channels.data?.items ?? []}
          canManage={canManage}
          platformOwner={owner === PLATFORM_TENANT_ID}
        />
        <AlertChannelsPanel owner={owner} channels={channels} canManage={canManage} />
      </div>
    </>
  );
}
