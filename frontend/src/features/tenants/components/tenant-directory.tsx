import { useState } from 'react';
import { Panel } from '../../../components/ui/panel';
import { EmptyState } from '../../../components/ui/states';
import { canManageApiKeys, canManageTenants } from '../../../lib/authorization';
import { describeError } from '../../../lib/errors';
import type { Principal, Tenant } from '../../../types/api';
import { TENANT_PAGE_SIZE, useTenants } from '../api/list-tenants';
import { CreateTenantDialog } from './create-tenant-dialog';
import { TenantStatusDialog } from './tenant-status-dialog';
import { TenantsTable } from './tenants-table';
import { QueryStates } from '../../../components/ui/data-table';

/** Every tenant of the platform, a page at a time, for platform principals. */
export function TenantDirectory({ principal }: { principal: Principal }) {
  // Cursors of the pages visited so far; the last one is the page on screen (null = first page).
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const pageNumber = cursors.length;
  const tenants = useTenants({ limit: TENANT_PAGE_SIZE, cursor });
  const [creating, setCreating] = useState(false);
  const [statusTarget, setStatusTarget] = useState<Tenant | null>(null);
  const canManage = canManageTenants(principal);

  const nextCursor = tenants.data?.next_cursor ?? null;
  const showPager = pageNumber > 1 || nextCursor !== null;

  return (
    <Panel
      title="Tenants"
      description="Every tenant on the platform."
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New tenant
          </button>
        ) : null
      }
    >
      <QueryStates
        query={tenants}
        empty={tenants.data?.items.length === 0 && pageNumber === 1}
        loadingLabel="Loading tenants…"
        errorTitle="Could not load tenants"
        emptyState={
          <EmptyState title="No tenants yet">
            {canManage ? (
              <p>Create the first tenant with “New tenant”.</p>
            ) : (
              <p>Tenants appear here once an admin creates them.</p>
            )}
          </EmptyState>
        }
      />
      {tenants.data && (tenants.data.items.length > 0 || pageNumber > 1) ? (
        <>
          {tenants.isRefetchError ? (
            <p className="inline-warning" role="status">
              Showing earlier data: the last refresh failed ({describeError(tenants.error).title}).
            </p>
          ) : null}
          <TenantsTable
            tenants={tenants.data.items}
            canManage={canManage}
            canAdminister={canManageApiKeys(principal)}
            onChangeStatus={setStatusTarget}
          />
          {showPager ? (
            <nav className="pager" aria-label="Tenant pages">
              <button
                type="button"
                className="btn btn-small"
                aria-disabled={pageNumber === 1}
                onClick={() => {
                  if (pageNumber > 1) setCursors((current) => current.slice(0, -1));
                }}
              >
                Previous
              </button>
              <span className="pager-status" aria-live="polite">
                Page {pageNumber}
                {tenants.isPlaceholderData ? ' — loading…' : ''}
              </span>
              <button
                type="button"
                className="btn btn-small"
                aria-disabled={nextCursor === null || tenants.isPlaceholderData}
                onClick={() => {
                  if (nextCursor !== null && !tenants.isPlaceholderData)
                    setCursors((current) => [...current, nextCursor]);
                }}
              >
                Next
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
      {creating ? <CreateTenantDialog onClose={() => setCreating(false)} /> : null}
      {statusTarget ? (
        <TenantStatusDialog tenant={statusTarget} onClose={() => setStatusTarget(null)} />
      ) : null}
    </Panel>
  );
}
