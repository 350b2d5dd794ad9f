/**
 * Shapes of the operations API (`/api/ops/*`, `/api/alerts/*`) as the console reads them. They
 * mirror the zod schemas in `shared/health`, `shared/metrics`, `shared/sla`, `shared/dlq` and
 * `shared/alerts` by hand (importing zod would add it to the first load).
 */

export const WORKER_TYPES = [
  'intake',
  'triage',
  'policy',
  'playbook',
  'tool',
  'feedback',
  'sla_monitor',
] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';
export const METRIC_RANGES = ['5m', '1h', '24h', '7d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

export interface HealthCounts {
  healthy: number;
  degraded: number;
  unhealthy: number;
  total: number;
}

export interface InstanceHealth {
  worker_type: WorkerType;
  instance_id: string;
  criticality: 'low' | 'medium' | 'high' | 'critical';
  status: HealthStatus;
  live: boolean;
  ready: boolean;
  last_check: string;
  last_success: string | null;
  response_time_ms: number;
  consecutive_failures: number;
  reason: string | null;
}

export interface WorkerTypeSummary {
  worker_type: WorkerType;
  status: HealthStatus;
  instances: number;
  counts: HealthCounts;
  health_score: number;
  fleet_wide_failure: boolean;
  reason: string | null;
}

export interface WorkerHealth {
  generated_at: string | null;
  age_seconds: number | null;
  ttl_seconds: number;
  stale: boolean;
  refreshed: boolean;
  counts: HealthCounts;
  summary: WorkerTypeSummary[];
  items: InstanceHealth[];
}

interface MetricsWindow {
  range: MetricRange | null;
  from: string;
  to: string;
  granularity: 'minute' | 'hour';
  step_seconds: number;
  tenant_id: string | null;
}

export interface MetricsResponse<F> extends MetricsWindow {
  items: { worker_type: WorkerType; current: F; series: (F & { t: string })[] }[];
}

export interface ThroughputFigures {
  events_per_second: number;
  events: number;
}
export interface LatencyFigures {
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  mean_ms: number | null;
  events: number;
}
export interface ErrorFigures {
  error_rate_pct: number;
  failures: number;
  retries: number;
  events: number;
}

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export const SEVERITIES: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
export const SLA_PERIODS = ['day', 'week', 'month'] as const;
export type SlaPeriod = (typeof SLA_PERIODS)[number];

export interface ComplianceCounts {
  met: number;
  breached: number;
  total: number;
  compliance_rate: number | null;
}

export interface Compliance {
  /** Null: every tenant. */
  tenant_id: string | null;
  time_zone: string;
  period: SlaPeriod;
  from: string;
  to: string;
  buckets: (ComplianceCounts & {
    label: string;
    start: string;
    end: string;
    previous_compliance_rate: number | null;
  })[];
  summary: ComplianceCounts;
  previous: ComplianceCounts & { from: string; to: string };
  change_points: number | null;
}

export interface Breach {
  tenant_id: string;
  exception_id: string;
  type: string;
  severity: Severity;
  created_at: string;
  sla_deadline: string;
  resolved_at: string | null;
  detected_by: 'sweeper' | 'ingest';
  recorded_at: string;
}

export interface AtRiskItem {
  /** Present when the report covers every tenant. */
  tenant_id?: string;
  exception_id: string;
  type: string;
  severity: Severity;
  created_at: string;
  sla_deadline: string;
  time_remaining_ms: number;
  percent_elapsed: number;
  predicted_breach: boolean | null;
}

export interface AtRisk {
  tenant_id: string | null;
  threshold: number;
  as_of: string;
  items: AtRiskItem[];
  truncated: boolean;
}

export interface ResolutionStats {
  count: number;
  average_ms: number | null;
  p50_ms: number | null;
  p90_ms: number | null;
}

export interface ResolutionTime {
  tenant_id: string | null;
  time_zone: string;
  period: SlaPeriod;
  first_day: string;
  last_day: string;
  by_severity: Partial<Record<Severity, ResolutionStats>>;
  overall: ResolutionStats;
}

export const DLQ_STATUSES = ['pending', 'retrying', 'succeeded', 'failed', 'discarded'] as const;
export type DlqStatus = (typeof DLQ_STATUSES)[number];

export interface DlqSummary {
  dlq_id: string;
  tenant_id: string;
  event_id: string;
  event_type: string;
  status: DlqStatus;
  destination: { kind: string; address: string };
  worker_type: string;
  failure_reason: string;
  attempts: number;
  retry_count: number;
  failed_at: string;
  received_at: string;
  updated_at: string;
  retried_from: string | null;
}

export interface DlqOperation {
  operation_id: string;
  dlq_id: string;
  tenant_id: string;
  operation: string;
  occurred_at: string;
  actor: { key_id: string; name: string; role: string } | null;
  attempt: number | null;
  reason: string | null;
  batch_id: string | null;
}

export interface DlqDetail extends DlqSummary {
  payload: unknown;
  attributes: Record<string, string>;
  discard_reason: string | null;
  history: DlqOperation[];
  lineage: { retried_from: string | null; original_dlq_id: string; retried_to: string[] };
}

export interface DlqRetryResult {
  outcome: 'succeeded' | 'failed';
  reason: string | null;
  entry: DlqDetail;
}

export interface DlqBatch {
  batch_id: string;
  status: 'running' | 'completed';
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
  not_found: string[];
  created_at: string;
  created_by: { key_id: string; name: string; role: string };
}

export interface DlqStats {
  from: string;
  to: string;
  group_by: string;
  total: number;
  groups: { key: string; count: number }[];
  growth: { day: string; received: number; total: number }[];
}

export const ALERT_TYPES = [
  'SLA_BREACH',
  'SLA_IMMINENT',
  'DLQ_GROWTH',
  'WORKER_UNHEALTHY',
  'ERROR_RATE_HIGH',
  'THROUGHPUT_LOW',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_STATUSES = ['firing', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert of the history (`GET /alerts/history`). `tenant_id` is the owner: a tenant or `platform`. */
export interface AlertRecord {
  alert_id: string;
  tenant_id: string;
  alert_type: AlertType;
  severity: Severity;
  subject: string;
  rule_id: string;
  title: string;
  message: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  triggered_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  notification_status: string;
  last_notified_at: string | null;
  escalated_at: string | null;
}

/** One try of one notification, as the delivery side records it. */
export interface DeliveryAttempt {
  channel_id?: string;
  channel_type?: string | null;
  notification_id?: string;
  attempt?: number;
  event?: string;
  attempted_at?: string;
  outcome?: string;
  status_code?: number;
  error?: string;
  latency_ms?: number;
  next_attempt_at?: string;
}

export interface AlertDetail extends AlertRecord {
  delivery_attempts: DeliveryAttempt[];
}

export interface AlertStats {
  tenant_id: string;
  from: string;
  to: string;
  total: number;
  by_type: Record<string, number>;
  by_status: Record<string, number>;
}

export interface VerificationResult {
  at: string;
  ok: boolean;
  status_code?: number;
  error?: string;
  latency_ms: number;
}

export interface AlertChannel {
  channel_id: string;
  tenant_id: string;
  channel_type: 'webhook' | 'email';
  name: string;
  enabled: boolean;
  disabled_reason: string | null;
  verified: boolean;
  verified_at: string | null;
  last_verification: VerificationResult | null;
  url?: string;
  addresses?: string[];
  created_at: string;
  updated_at: string;
  created_by: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface QuietHours {
  time_zone: string;
  days: Weekday[];
  start: string;
  end: string;
}

export interface Escalation {
  after_minutes: number;
  channels: string[];
}

export interface AlertRule {
  config_id: string;
  tenant_id: string;
  alert_type: AlertType;
  enabled: boolean;
  threshold_value: number;
  threshold_unit: string;
  window_minutes: number | null;
  scope: { worker_type?: WorkerType } | null;
  severity: Severity;
  channels: string[];
  quiet_hours: QuietHours | null;
  escalation: Escalation | null;
  renotify_interval_minutes: number | null;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
}

/** The body of `POST /alerts/config` and `PUT /alerts/config/{id}`. */
export interface AlertRuleInput {
  tenant_id?: string;
  alert_type: AlertType;
  enabled: boolean;
  threshold_value: number;
  threshold_unit: string;
  window_minutes?: number | null;
  scope?: { worker_type?: WorkerType } | null;
  severity: Severity;
  channels: string[];
  quiet_hours: QuietHours | null;
  escalation: Escalation | null;
  renotify_interval_minutes?: number | null;
}
