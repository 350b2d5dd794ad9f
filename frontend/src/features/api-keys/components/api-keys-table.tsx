import { Badge } from '../../../components/ui/badge';
import { DateTime } from '../../../components/ui/date-time';
import { roleLabel } from '../../../lib/authorization';
import type { ApiKey } from '../../../types/api';

export interface ApiKeysTableProps {
  apiKeys: ApiKey[];
  /** The key the console is signed in with, marked so nobody revokes it unknowingly. */
  currentKeyId: string;
  onRevoke: (apiKey: ApiKey) => void;
}

export function ApiKeysTable({ apiKeys, currentKeyId, onRevoke }: ApiKeysTableProps) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Key id</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col" className="cell-actions">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {apiKeys.map((apiKey) => (
            <tr key={apiKey.key_id} className={apiKey.status === 'revoked' ? 'row-muted' : undefined}>
              <td className="mono">
                {apiKey.key_id}
                {apiKey.key_id === currentKeyId ? (
                  <>
                    {' '}
                    <Badge tone="info">This session</Badge>
                  </>
                ) : null}
              </td>
              <td>{apiKey.name}</td>
              <td>{roleLabel(apiKey.role)}</td>
              <td>
                {apiKey.status === 'active' ? (
                  <Badge tone="success">Active</Badge>
                ) : (
                  <span title={apiKey.revoked_at ? `Revoked ${apiKey.revoked_at}` : undefined}>
                    <Badge tone="neutral">Revoked</Badge>
                  </span>
                )}
              </td>
              <td className="cell-nowrap">
                <DateTime value={apiKey.created_at} />
              </td>
              <td className="cell-nowrap">
                <DateTime value={apiKey.last_used_at} fallback="Never" />
              </td>
              <td className="cell-actions">
                {apiKey.status === 'active' ? (
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    onClick={() => onRevoke(apiKey)}
                    aria-label={`Revoke ${apiKey.name}`}
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
