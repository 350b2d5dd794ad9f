import type {
  AlertChannel,
  AlertDetail,
  AlertRecord,
  AlertRule,
  AlertStats,
  AtRisk,
  Breach,
  Compliance,
  DlqDetail,
  DlqStats,
  DlqSummary,
  MetricsResponse,
  ResolutionTime,
  WorkerHealth,
} from '../types/ops';
import { superAdmin, tenantAdmin } from './fixtures';
import type { Principal } from '../types/api';

export const platformOperator: Principal = {
  ...superAdmin,
  key_id: 'key_pop',
  name: 'Olga Operator',
  role: 'operator',
};
export const tenantOperator: Principal = {
  ...tenantAdmin,
  key_id: 'key_acme_op',
  name: 'Otto Operator',
  role: 'operator',
};

const NOW = '2025-03-01T12:00:00.000Z';

export function makeWorkerHealth(overrides: Partial<WorkerHealth> = {}): WorkerHealth {
  return {
    generated_at: NOW,
    age_seconds: 3,
    ttl_seconds: 15,
    stale: false,
    refreshed: false,
    counts: { healthy: 2, degraded: 0, unhealthy: 1, total: 3 },
    summary: [
      {
        worker_type: 'intake',
        status: 'healthy',
        instances: 2,
        counts: { healthy: 2, degraded: 0, unhealthy: 0, total: 2 },
        health_score: 1,
        fleet_wide_failure: false,
        reason: null,
      },
      {
        worker_type: 'policy',
        status: 'unhealthy',
        instances: 1,
        counts: { healthy: 0, degraded: 0, unhealthy: 1, total: 1 },
        health_score: 0,
        fleet_wide_failure: true,
        reason: 'every instance failed its probe',
      },
    ],
    items: [
      {
        worker_type: 'intake',
        instance_id: 'intake-1',
        criticality: 'high',
        status: 'healthy',
        live: true,
        ready: true,
        last_check: NOW,
        last_success: NOW,
        response_time_ms: 4,
        consecutive_failures: 0,
        reason: null,
      },
      {
        worker_type: 'intake',
        instance_id: 'intake-2',
        criticality: 'high',
        status: 'healthy',
        live: true,
        ready: true,
        last_check: NOW,
        last_success: NOW,
        response_time_ms: 6,
        consecutive_failures: 0,
        reason: null,
      },
      {
        worker_type: 'policy',
        instance_id: 'policy-1',
        criticality: 'critical',
        status: 'unhealthy',
        live: true,
        ready: false,
        last_check: NOW,
        last_success: '2025-03-01T11:58:00.000Z',
        response_time_ms: 12,
        consecutive_failures: 3,
        reason: 'readiness probe answered 503',
      },
    ],
    ...overrides,
  };
}

function metricsEnvelope<F>(items: MetricsResponse<F>['items']): MetricsResponse<F> {
  return {
    range: '1h',
    from: '2025-03-01T11:00:00.000Z',
    to: NOW,
    granularity: 'minute',
    step_seconds: 60,
    tenant_id: null,
    items,
  };
}

export function makeThroughput(eventsPerSecond = [1.5, 2.5]) {
  return metricsEnvelope(
    (['intake', 'policy'] as const).map((workerType, index) => ({
      worker_type: workerType,
      current: { events_per_second: eventsPerSecond[index] ?? 0, events: 90 },
      series: [
        { t: '2025-03-01T11:58:00.000Z', events_per_second: 1, events: 60 },
        { t: '2025-03-01T11:59:00.000Z', events_per_second: eventsPerSecond[index] ?? 0, events: 90 },
      ],
    })),
  );
}

export function makeLatency() {
  return metricsEnvelope([
    {
      worker_type: 'intake' as const,
      current: { p50_ms: 12, p95_ms: 40, p99_ms: 90, mean_ms: 15, events: 90 },
      series: [
        { t: '2025-03-01T11:58:00.000Z', p50_ms: 10, p95_ms: 35, p99_ms: 80, mean_ms: 14, events: 60 },
        { t: '2025-03-01T11:59:00.000Z', p50_ms: 12, p95_ms: 40, p99_ms: 90, mean_ms: 15, events: 90 },
      ],
    },
  ]);
}

export function makeErrors() {
  return metricsEnvelope([
    {
      worker_type: 'intake' as const,
      current: { error_rate_pct: 2.5, failures: 2, retries: 1, events: 80 },
      series: [
        { t: '2025-03-01T11:58:00.000Z', error_rate_pct: 0, failures: 0, retries: 0, events: 60 },
        { t: '2025-03-01T11:59:00.000Z', error_rate_pct: 2.5, failures: 2, retries: 1, events: 80 },
      ],
    },
  ]);
}

export function emptyMetrics<F>(): MetricsResponse<F> {
  return metricsEnvelope([]);
}

export function makeCompliance(): Compliance {
  const bucket = (label: string, met: number, breached: number) => ({
    label,
    start: `${label}T00:00:00.000Z`,
    end: `${label}T23:59:59.999Z`,
    met,
    breached,
    total: met + breached,
    compliance_rate: met + breached === 0 ? null : (met / (met + breached)) * 100,
    previous_compliance_rate: null,
  });
  return {
    tenant_id: 'acme',
    time_zone: 'Europe/Berlin',
    period: 'day',
    from: '2025-02-28T00:00:00.000Z',
    to: NOW,
    buckets: [bucket('2025-02-28', 9, 1), bucket('2025-03-01', 18, 2)],
    summary: { met: 27, breached: 3, total: 30, compliance_rate: 90 },
    previous: { met: 10, breached: 0, total: 10, compliance_rate: 100, from: '2025-02-26', to: '2025-02-27' },
    change_points: -10,
  };
}

export function makeBreach(overrides: Partial<Breach> = {}): Breach {
  return {
    tenant_id: 'acme',
    exception_id: 'exc_breached_1',
    type: 'PaymentFailed',
    severity: 'HIGH',
    created_at: '2025-03-01T08:00:00.000Z',
    sla_deadline: '2025-03-01T10:00:00.000Z',
    resolved_at: null,
    detected_by: 'sweeper',
    recorded_at: '2025-03-01T10:00:05.000Z',
    ...overrides,
  };
}

export function makeAtRisk(): AtRisk {
  return {
    tenant_id: 'acme',
    threshold: 80,
    as_of: NOW,
    truncated: false,
    items: [
      {
        tenant_id: 'acme',
        exception_id: 'exc_risky_1',
        type: 'OrderStuck',
        severity: 'CRITICAL',
        created_at: '2025-03-01T11:00:00.000Z',
        sla_deadline: '2025-03-01T12:10:00.000Z',
        time_remaining_ms: 600_000,
        percent_elapsed: 85.7,
        predicted_breach: true,
      },
    ],
  };
}

export function makeResolution(): ResolutionTime {
  return {
    tenant_id: 'acme',
    time_zone: 'Europe/Berlin',
    period: 'week',
    first_day: '2025-02-23',
    last_day: '2025-03-01',
    by_severity: {
      LOW: { count: 4, average_ms: 7_200_000, p50_ms: 6_000_000, p90_ms: 9_000_000 },
      MEDIUM: { count: 0, average_ms: null, p50_ms: null, p90_ms: null },
      HIGH: { count: 2, average_ms: 1_800_000, p50_ms: 1_500_000, p90_ms: 2_000_000 },
      CRITICAL: { count: 0, average_ms: null, p50_ms: null, p90_ms: null },
    },
    overall: { count: 6, average_ms: 5_400_000, p50_ms: 4_000_000, p90_ms: 9_000_000 },
  };
}

export function makeDlqSummary(overrides: Partial<DlqSummary> = {}): DlqSummary {
  return {
    dlq_id: 'dlq_01JN0000000000000000000001',
    tenant_id: 'acme',
    event_id: 'evt_1',
    event_type: 'PolicyEvaluated',
    status: 'pending',
    destination: { kind: 'sqs', address: 'arn:aws:sqs:eu-west-1:000000000000:policy' },
    worker_type: 'policy',
    failure_reason: 'handler threw: timeout calling tool',
    attempts: 3,
    retry_count: 0,
    failed_at: '2025-03-01T11:30:00.000Z',
    received_at: '2025-03-01T11:30:02.000Z',
    updated_at: '2025-03-01T11:30:02.000Z',
    retried_from: null,
    ...overrides,
  };
}

export function makeDlqDetail(overrides: Partial<DlqDetail> = {}): DlqDetail {
  const summary = makeDlqSummary(overrides);
  return {
    ...summary,
    payload: { exception_id: 'exc_9', amount: 42 },
    attributes: { source: 'fleet' },
    discard_reason: null,
    history: [
      {
        operation_id: 'op_1',
        dlq_id: summary.dlq_id,
        tenant_id: 'acme',
        operation: 'received',
        occurred_at: '2025-03-01T11:30:02.000Z',
        actor: null,
        attempt: null,
        reason: null,
        batch_id: null,
      },
    ],
    lineage: { retried_from: null, original_dlq_id: summary.dlq_id, retried_to: [] },
    ...overrides,
  };
}

export function makeDlqStats(overrides: Partial<DlqStats> = {}): DlqStats {
  return {
    from: '2025-02-27T00:00:00.000Z',
    to: NOW,
    group_by: 'status',
    total: 5,
    groups: [
      { key: 'pending', count: 3 },
      { key: 'succeeded', count: 2 },
    ],
    growth: [
      { day: '2025-02-28', received: 2, total: 2 },
      { day: '2025-03-01', received: 3, total: 5 },
    ],
    ...overrides,
  };
}

export const ALERT_ID = '01JN00000000000000000000A1';
export const CHANNEL_ID = '01JN00000000000000000000C1';
export const RULE_ID = '01JN00000000000000000000R1';

export function makeAlert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    alert_id: ALERT_ID,
    tenant_id: 'acme',
    alert_type: 'WORKER_UNHEALTHY',
    severity: 'CRITICAL',
    subject: 'policy/policy-1',
    rule_id: RULE_ID,
    title: 'Worker policy-1 is unhealthy',
    message: '3 consecutive probe failures',
    details: { consecutive_failures: 3 },
    status: 'firing',
    triggered_at: '2025-03-01T11:55:00.000Z',
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    notification_status: 'delivered',
    last_notified_at: '2025-03-01T11:55:01.000Z',
    escalated_at: null,
    ...overrides,
  };
}

export function makeAlertDetail(overrides: Partial<AlertDetail> = {}): AlertDetail {
  return {
    ...makeAlert(overrides),
    delivery_attempts: [
      {
        alert_id: overrides.alert_id ?? makeAlert().alert_id,
        owner: overrides.tenant_id ?? makeAlert().tenant_id,
        channel_id: CHANNEL_ID,
        channel_type: 'webhook',
        notification_id: 'n1',
        attempt: 1,
        event: 'triggered',
        attempted_at: '2025-03-01T11:55:01.000Z',
        outcome: 'delivered',
        status_code: 204,
        latency_ms: 35,
      },
    ],
    ...overrides,
  };
}

export function makeAlertStats(overrides: Partial<AlertStats> = {}): AlertStats {
  return {
    tenant_id: 'acme',
    from: '2025-02-01T12:00:00.000Z',
    to: NOW,
    total: 4,
    by_type: { WORKER_UNHEALTHY: 4 },
    by_status: { firing: 2, acknowledged: 1, resolved: 1 },
    ...overrides,
  };
}

export function makeChannel(overrides: Partial<AlertChannel> = {}): AlertChannel {
  return {
    channel_id: CHANNEL_ID,
    tenant_id: 'acme',
    channel_type: 'webhook',
    name: 'On-call webhook',
    enabled: true,
    disabled_reason: null,
    verified: false,
    verified_at: null,
    last_verification: null,
    url: 'https://hooks.example.test/opsdeck',
    created_at: '2025-02-01T08:00:00.000Z',
    updated_at: '2025-02-01T08:00:00.000Z',
    created_by: 'key_acme_admin',
    ...overrides,
  };
}

export function makeRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    config_id: RULE_ID,
    tenant_id: 'acme',
    alert_type: 'DLQ_GROWTH',
    enabled: true,
    threshold_value: 100,
    threshold_unit: 'entries',
    window_minutes: null,
    scope: null,
    severity: 'HIGH',
    channels: [CHANNEL_ID],
    quiet_hours: { time_zone: 'Europe/Berlin', days: ['sat', 'sun'], start: '22:00', end: '07:00' },
    escalation: { after_minutes: 30, channels: [CHANNEL_ID] },
    renotify_interval_minutes: null,
    created_at: '2025-02-01T08:00:00.000Z',
    updated_at: '2025-02-01T08:00:00.000Z',
    created_by: 'key_acme_admin',
    updated_by: 'key_acme_admin',
    ...overrides,
  };
}
