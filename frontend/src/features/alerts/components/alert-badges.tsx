import { Badge, type BadgeTone } from '../../../components/ui/badge';
import type { AlertStatus, Severity } from '../../../types/ops';

const STATUS_TONES: Record<AlertStatus, BadgeTone> = {
  firing: 'danger',
  acknowledged: 'warning',
  resolved: 'success',
};
const SEVERITY_TONES: Record<Severity, BadgeTone> = {
  LOW: 'neutral',
  MEDIUM: 'info',
  HIGH: 'warning',
  CRITICAL: 'danger',
};

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{status}</Badge>;
}

export function AlertSeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY_TONES[severity] ?? 'neutral'}>{severity}</Badge>;
}

/** `WORKER_UNHEALTHY` → "Worker unhealthy". */
export function alertTypeLabel(type: string): string {
  const words = type.toLowerCase().replace(/_/g, ' ');
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/^Sla /, 'SLA ').replace(/^Dlq /, 'DLQ ');
}
