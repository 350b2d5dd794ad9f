/**
 * Shapes of the operations API (`/api/ops/*`, `/api/alerts/*`) as the console reads them: derived
 * from the server's own zod schemas with `import type` (which adds nothing to the bundle), and the
 * choice lists taken from the zod-free `*-vocabulary.ts` modules. Lint allows nothing else from
 * `shared/` (frontend/eslint.config.js).
 */
import type { z } from 'zod';
import type {
  alertDetailSchema,
  deliveryAttemptSchema,
  historyStatsSchema,
} from '../../../shared/alerts/alert-history-schemas';
import type { createRuleBodySchema, escalationSchema } from '../../../shared/alerts/rule-schemas';
import type { dlqOperationSchema, dlqStatsSchema, retryResultSchema } from '../../../shared/dlq/dlq-schemas';
import type { workerHealthSchema } from '../../../shared/ops-workers/health-schemas';
import type {
  errorsResponseSchema,
  latencyResponseSchema,
  throughputResponseSchema,
} from '../../../shared/ops-workers/metrics-schemas';
import type { breachSchema } from '../../../shared/sla/sla-schemas';
import type { WorkerType } from '../../../shared/platform/platform-vocabulary';

export { SEVERITIES, WORKER_TYPES } from '../../../shared/platform/platform-vocabulary';
export type { Severity, WorkerType } from '../../../shared/platform/platform-vocabulary';
export { METRIC_RANGES } from '../../../shared/ops-workers/ops-workers-vocabulary';
export type { MetricRange } from '../../../shared/ops-workers/ops-workers-vocabulary';
export { SLA_PERIODS } from '../../../shared/sla/sla-vocabulary';
export type { SlaPeriod } from '../../../shared/sla/sla-vocabulary';
export { DLQ_STATUSES } from '../../../shared/dlq/dlq-vocabulary';
export type { DlqStatus } from '../../../shared/dlq/dlq-vocabulary';
export { ALERT_STATUSES, ALERT_TYPES, WEEKDAYS } from '../../../shared/alerts/alert-vocabulary';
export type { AlertStatus, AlertType, Weekday } from '../../../shared/alerts/alert-vocabulary';

// Worker health and metrics
export type { HealthStatus } from '../../../shared/ops-workers/health-status';
export type WorkerHealth = z.output<typeof workerHealthSchema>;
export type HealthCounts = WorkerHealth['counts'];
export type WorkerTypeSummary = WorkerHealth['summary'][number];
export type InstanceHealth = WorkerHealth['items'][number];

type FiguresOf<TSchema extends z.ZodType> =
  z.output<TSchema> extends { items: { current: infer F }[] } ? F : never;
export type ThroughputFigures = FiguresOf<typeof throughputResponseSchema>;
export type LatencyFigures = FiguresOf<typeof latencyResponseSchema>;
export type ErrorFigures = FiguresOf<typeof errorsResponseSchema>;
/** A metrics answer with its figures `F`: the window, and per worker type the current figures and series. */
export type MetricsResponse<F> = Omit<z.output<typeof throughputResponseSchema>, 'items'> & {
  items: { worker_type: WorkerType; current: F; series: (F & { t: string })[] }[];
};

// SLA
export type { AtRisk, Compliance, ResolutionTime } from '../../../shared/sla/sla-schemas';
import type { AtRisk, Compliance, ResolutionTime } from '../../../shared/sla/sla-schemas';
export type ComplianceCounts = Compliance['summary'];
export type Breach = z.output<typeof breachSchema>;
export type AtRiskItem = AtRisk['items'][number];
export type ResolutionStats = ResolutionTime['overall'];

// Dead letters
export type { DlqBatch, DlqDetail, DlqSummary } from '../../../shared/dlq/dlq-schemas';
export type DlqOperation = z.output<typeof dlqOperationSchema>;
export type DlqRetryResult = z.output<typeof retryResultSchema>;
export type DlqStats = z.output<typeof dlqStatsSchema>;

// Alerts
export type { AlertRecord } from '../../../shared/alerts/alert-history-schemas';
export type DeliveryAttempt = z.output<typeof deliveryAttemptSchema>;
export type AlertDetail = z.output<typeof alertDetailSchema>;
export type AlertStats = z.output<typeof historyStatsSchema>;
export type { AlertChannel, VerificationResult } from '../../../shared/alerts/channel-schemas';
export type { AlertRule } from '../../../shared/alerts/rule-schemas';
import type { AlertRule } from '../../../shared/alerts/rule-schemas';
export type QuietHours = NonNullable<AlertRule['quiet_hours']>;
export type Escalation = z.output<typeof escalationSchema>;
/** The body of `POST /alerts/config` and `PUT /alerts/config/{id}`. */
export type AlertRuleInput = z.input<typeof createRuleBodySchema>;
