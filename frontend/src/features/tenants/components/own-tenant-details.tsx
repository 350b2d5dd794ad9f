import { Panel } from '../../../components/ui/panel';
import { DateTime } from '../../../components/ui/date-time';
import { ErrorState, LoadingState } from '../../../components/ui/states';
import type { Tenant, TenantSummary } from '../../../types/api';
import { useTenant } from '../api/get-tenant';
import { TenantStatusBadge } from './tenant-status-badge';

type TenantDetails = TenantSummary & Partial<Pick<Tenant, 'created_at' | 'updated_at'>>;

/**
 * A tenant principal's own tenant. `/api/me` already names it, so that summary shows at once;
 * the full record (creation and update times) follows from `GET /api/admin/tenants/{id}`.
 */
export function OwnTenantDetails({ tenantId, summary }: { tenantId: string; summary: TenantSummary | null }) {
  const tenant = useTenant(tenantId);
  const details: TenantDetails | null = tenant.data ?? summary;

  return (
    <Panel title="Your tenant" description="Keys of this tenant act on its own data only.">
      {tenant.isPending ? <LoadingState label="Loading tenant details…" /> : null}
      {details ? (
        <dl className="details">
          <div>
            <dt>Tenant id</dt>
            <dd className="mono">{details.tenant_id}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{details.name}</dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{details.time_zone}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <TenantStatusBadge status={details.status} />
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <DateTime value={details.created_at} />
            </dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              <DateTime value={details.updated_at} />
            </dd>
          </div>
        </dl>
      ) : null}
      {tenant.isError ? (
        <ErrorState
          error={tenant.error}
          title={details ? 'Could not load the full tenant record' : 'Could not load your tenant'}
          onRetry={() => void tenant.refetch()}
        />
      ) : null}
    </Panel>
  );
}
