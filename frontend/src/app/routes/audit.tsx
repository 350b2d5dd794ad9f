import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { Panel } from '../../components/ui/panel';
import { EmptyState } from '../../components/ui/states';
import { AuditFilterForm } from '../../features/audit/components/audit-filter-form';
import { AuditTrailPanel } from '../../features/audit/components/audit-trail-panel';
import { VerifyChainPanel } from '../../features/audit/components/verify-chain-panel';
import { usePrincipal } from '../../features/auth/api/get-me';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { isPlatformPrincipal } from '../../lib/authorization';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/admin/audit');

/** A tenant's audit trail; the tenant and the time range live in the URL. */
export function AuditRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;
  const from = search.from ?? null;
  const to = search.to ?? null;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change made through the API: who, what, when, and the resource before and after."
      />
      <div className="toolbar">
        {platform ? (
          <TenantPicker
            value={tenantId}
            // The platform's own chain (tenant creation, platform keys) is open to every platform admin.
            includePlatform
            onChange={(next) =>
              void navigate({
                search: definedEntries({ tenant: next ?? undefined, from: search.from, to: search.to }),
              })
            }
          />
        ) : null}
        <AuditFilterForm
          // Re-initialised when the URL changes (back/forward), so the inputs always show the applied range.
          key={`${from ?? ''}|${to ?? ''}`}
          value={{ from, to }}
          onApply={(range) =>
            void navigate({
              search: definedEntries({
                tenant: search.tenant,
                from: range.from ?? undefined,
                to: range.to ?? undefined,
              }),
            })
          }
        />
      </div>
      {tenantId === null ? (
        <Panel title="Events">
          <EmptyState title="Choose a tenant">
            <p>Pick the tenant whose audit trail you want to read.</p>
          </EmptyState>
        </Panel>
      ) : (
        <div className="stack">
          <VerifyChainPanel key={tenantId} tenantId={tenantId} />
          <AuditTrailPanel filters={{ tenantId, from, to }} />
        </div>
      )}
    </>
  );
}
