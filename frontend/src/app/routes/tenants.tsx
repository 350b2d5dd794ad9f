import { PageHeader } from '../../components/ui/page-header';
import { EmptyState } from '../../components/ui/states';
import { usePrincipal } from '../../features/auth/api/get-me';
import { OwnTenantDetails } from '../../features/tenants/components/own-tenant-details';
import { TenantDirectory } from '../../features/tenants/components/tenant-directory';
import { isPlatformPrincipal } from '../../lib/authorization';

export function TenantsRoute() {
  const principal = usePrincipal();

  if (isPlatformPrincipal(principal)) {
    return (
      <>
        <PageHeader title="Tenants" description="Create tenants and suspend or reactivate them." />
        <TenantDirectory principal={principal} />
      </>
    );
  }

  return (
    <>
      <PageHeader title="Tenant" />
      {principal.tenant_id ? (
        <OwnTenantDetails tenantId={principal.tenant_id} summary={principal.tenant} />
      ) : (
        <EmptyState title="This key belongs to no tenant" />
      )}
    </>
  );
}
