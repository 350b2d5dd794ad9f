import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { Panel } from '../../components/ui/panel';
import { EmptyState } from '../../components/ui/states';
import { ApiKeysPanel } from '../../features/api-keys/components/api-keys-panel';
import { usePrincipal } from '../../features/auth/api/get-me';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { canManagePlatformKeys, isPlatformPrincipal } from '../../lib/authorization';
import { PLATFORM_TENANT_ID } from '../../types/api';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/admin/api-keys');

/** API keys of one tenant; platform principals choose the tenant, and super admins may choose `platform`. */
export function ApiKeysRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const mayManagePlatformKeys = canManagePlatformKeys(principal);
  // A tenant principal always works on its own tenant, whatever the URL says.
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate people and programs. The API stores only a hash of each secret."
      />
      {platform ? (
        <div className="toolbar">
          <TenantPicker
            value={tenantId}
            includePlatform={mayManagePlatformKeys}
            onChange={(next) => void navigate({ search: definedEntries({ tenant: next ?? undefined }) })}
          />
        </div>
      ) : null}
      {tenantId === null ? (
        <Panel title="API keys">
          <EmptyState title="Choose a tenant">
            <p>
              Pick the tenant whose keys you want to see
              {mayManagePlatformKeys ? ', or “Platform” for platform-wide keys' : ''}.
            </p>
          </EmptyState>
        </Panel>
      ) : tenantId === PLATFORM_TENANT_ID && !mayManagePlatformKeys ? (
        <Panel title="Platform API keys">
          <EmptyState title="Platform keys are managed by super admins" />
        </Panel>
      ) : (
        <ApiKeysPanel key={tenantId} tenantId={tenantId} principal={principal} />
      )}
    </>
  );
}
