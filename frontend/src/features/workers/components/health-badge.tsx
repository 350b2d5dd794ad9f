import { Badge, type BadgeTone } from '../../../components/ui/badge';
import type { HealthStatus } from '../../../types/ops';

const TONES: Record<HealthStatus, BadgeTone> = {
  healthy: 'success',
  degraded: 'warning',
  unhealthy: 'danger',
};
const LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  unhealthy: 'Unhealthy',
};

export function HealthBadge({ status }: { status: HealthStatus }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
