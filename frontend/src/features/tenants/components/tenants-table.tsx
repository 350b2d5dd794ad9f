import { Link } from '@tanstack/react-router';
import { DateTime } from '../../../components/ui/date-time';
import { paths } from '../../../config/paths';
import type { Tenant } from '../../../types/api';
import { TenantStatusBadge } from './tenant-status-badge';

export interface TenantsTableProps {
  tenants: Tenant[];
  /** Shows Suspend / Reactivate. */
  canManage: boolean;
  /** Shows links to the tenant's API keys and audit trail. */
  canAdminister: boolean;
  onChangeStatus: (tenant: Tenant) => void;
}

export function TenantsTable({ tenants, canManage, canAdminister, onChangeStatus }: TenantsTableProps) {
  const hasActions = canManage || canAdminister;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Tenant id</th>
            <th scope="col">Name</th>
            <th scope="col">Time zone</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            {hasActions ? (
              <th scope="col" className="cell-actions">
                Actions
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => (
            <tr key={tenant.tenant_id}>
              <td className="mono">{tenant.tenant_id}</td>
              <td>{tenant.name}</td>
              <td>{tenant.time_zone}</td>
              <td>
                <TenantStatusBadge status={tenant.status} />
              </td>
              <td className="cell-nowrap">
                <DateTime value={tenant.created_at} />
              </td>
              {hasActions ? (
                <td className="cell-actions">
                  {canAdminister ? (
                    <>
                      <Link
                        to={paths.apiKeys}
                        search={{ tenant: tenant.tenant_id }}
                        className="btn btn-small btn-ghost"
                        aria-label={`API keys of ${tenant.name}`}
                      >
                        Keys
                      </Link>
                      <Link
                        to={paths.audit}
                        search={{ tenant: tenant.tenant_id }}
                        className="btn btn-small btn-ghost"
                        aria-label={`Audit trail of ${tenant.name}`}
                      >
                        Audit
                      </Link>
                    </>
                  ) : null}
                  {canManage ? (
                    <button
                      type="button"
                      className={`btn btn-small ${tenant.status === 'ACTIVE' ? 'btn-danger-outline' : ''}`}
                      onClick={() => onChangeStatus(tenant)}
                      aria-label={`${tenant.status === 'ACTIVE' ? 'Suspend' : 'Reactivate'} ${tenant.name}`}
                    >
                      {tenant.status === 'ACTIVE' ? 'Suspend' : 'Reactivate'}
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
