import { Badge } from '../../../components/ui/badge';
import type { TenantStatus } from '../../../types/api';

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  return (
    <Badge tone={status === 'ACTIVE' ? 'success' : 'warning'}>
      {status === 'ACTIVE' ? 'Active' : 'Suspended'}
    </Badge>
  );
}
