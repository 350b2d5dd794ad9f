import { Badge, type BadgeTone } from '../../../components/ui/badge';
import type { Severity } from '../../../types/ops';

const TONES: Record<Severity, BadgeTone> = {
  LOW: 'neutral',
  MEDIUM: 'info',
  HIGH: 'warning',
  CRITICAL: 'danger',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={TONES[severity] ?? 'neutral'}>{severity}</Badge>;
}
