import type { DayCounters } from '../dlq/dlq-stats-repository';
import type { InstanceHealth } from '../ops-workers/health-status';
import type { WorkerType } from '../platform/platform-vocabulary';
import type { SlaBreach, SlaTracker } from '../sla/sla-repository';
import type { AggregateBucket } from '../telemetry/aggregate-repository';
import type { AlertType } from './alert-vocabulary';
import type { NotificationEvent } from './alert-contract';
import { isWithinQuietHours } from './quiet-hours';
import type { AlertRule } from './rule-schemas';

/**
 * Alert evaluation (pure): from what the read services report to one observation per subject,
 * and from a firing alert's state to the notifications that are due. No I/O here; the evaluator
 * (alert-evaluation-job.ts) reads, writes and enqueues.
 */

const MINUTE = 60_000;

/** What a rule's measure says about one subject (a tenant, a worker type or a worker instance). */
export interface Observation {
  subject: string;
  firing: boolean;
  title: string;
  message: string;
  details: Record<string, unknown>;
}

/** One alert per fingerprint while it fires: (owner, type, subject). */
export const alertFingerprint = (owner: string, alertType: AlertType, subject: string) =>
  `${owner}|${alertType}|${subject}`;

/**
 * The notification id of one event occurrence of an alert for one channel: stable, so an
 * evaluation that is retried enqueues the same ids and delivery (which dedupes on them) sends once.
 */
export const notificationIdOf = (alertId: string, occurrence: string, channelId: string) =>
  `${alertId}.${occurrence}.${channelId}`;

/** A notification the alert owes, kept on its state until enqueued (or while quiet hours hold it). */
export interface PendingEvent {
  /** Unique within the alert: triggered, renotify-<n>, escalated, resolved. */
  occurrence: string;
  event: NotificationEvent;
  at: string;
  channels: string[];
}

/** The parts of an alert's state the follow-up rules look at. */
export interface FollowUpState {
  status: 'firing' | 'acknowledged' | 'resolved';
  triggered_at: string;
  last_notified_at: string | null;
  renotify_count: number;
  escalated_at: string | null;
  pending: PendingEvent[];
}

/**
 * The follow-ups due now for an alert that still fires: escalation once, after
 * `escalation.after_minutes` unacknowledged; a re-notification every `renotify_interval_minutes`
 * since the last notification, unacknowledged and with nothing still waiting to be sent.
 */
export function dueFollowUps(rule: AlertRule, state: FollowUpState, now: Date): PendingEvent[] {
  if (state.status !== 'firing') return [];
  const due: PendingEvent[] = [];
  const at = now.toISOString();
  if (
    rule.escalation &&
    state.escalated_at === null &&
    now.getTime() - Date.parse(state.triggered_at) >= rule.escalation.after_minutes * MINUTE
  ) {
    due.push({ occurrence: 'escalated', event: 'escalated', at, channels: rule.escalation.channels });
  }
  if (
    rule.renotify_interval_minutes !== null &&
    state.pending.length === 0 &&
    state.last_notified_at !== null &&
    now.getTime() - Date.parse(state.last_notified_at) >= rule.renotify_interval_minutes * MINUTE
  ) {
    due.push({
      occurrence: `renotify-${state.renotify_count + 1}`,
      event: 'renotify',
      at,
      channels: rule.channels,
    });
  }
  return due;
}

/**
 * Which waiting events go out now: resolutions always, everything for CRITICAL rules, the rest
 * only outside the rule's quiet hours (they stay pending and go out once the window ends).
 */
export function splitDeferred(
  pending: readonly PendingEvent[],
  rule: Pick<AlertRule, 'severity' | 'quiet_hours'> | null,
  now: Date,
): { send: PendingEvent[]; defer: PendingEvent[] } {
  const quiet = rule !== null && rule.severity !== 'CRITICAL' && isWithinQuietHours(rule.quiet_hours, now);
  const send: PendingEvent[] = [];
  const defer: PendingEvent[] = [];
  for (const event of pending) (quiet && event.event !== 'resolved' ? defer : send).push(event);
  return { send, defer };
}

// ---------------------------------------------------------------------------------------------
// Measures, one per alert type

const percent = (value: number) => `${Math.round(value * 100) / 100}%`;

/** SLA_BREACH: breaches whose deadline fell inside the window (tenant subject). */
export function observeSlaBreaches(
  rule: AlertRule,
  breaches: readonly SlaBreach[],
  windowFrom: string,
): Observation {
  const count = breaches.length;
  return {
    subject: 'tenant',
    firing: count >= rule.threshold_value,
    title: `SLA breached: ${count} exception(s) of ${rule.tenant_id}`,
    message: `${count} exception(s) missed their SLA deadline since ${windowFrom} (threshold ${rule.threshold_value}).`,
    details: {
      breaches: count,
      threshold: rule.threshold_value,
      window_minutes: rule.window_minutes,
      exception_ids: breaches.slice(0, 20).map((breach) => breach.exception_id),
    },
  };
}

/** SLA_IMMINENT: open exceptions not yet due that used at least threshold % of their SLA window. */
export function observeSlaImminent(rule: AlertRule, trackers: readonly SlaTracker[], now: Date): Observation {
  const imminent = trackers.filter((tracker) => {
    const created = Date.parse(tracker.created_at);
    const deadline = Date.parse(tracker.sla_deadline);
    if (!(deadline > now.getTime()) || deadline <= created) return false;
    return ((now.getTime() - created) / (deadline - created)) * 100 >= rule.threshold_value;
  });
  return {
    subject: 'tenant',
    firing: imminent.length > 0,
    title: `SLA deadline imminent for ${imminent.length} exception(s) of ${rule.tenant_id}`,
    message: `${imminent.length} open exception(s) used ${rule.threshold_value}% or more of their SLA window.`,
    details: {
      exceptions: imminent.length,
      threshold_percent_of_window: rule.threshold_value,
      soonest_deadline: imminent[0]?.sla_deadline ?? null,
      exception_ids: imminent.slice(0, 20).map((tracker) => tracker.exception_id),
    },
  };
}

/** DLQ_GROWTH: pending entries (all days) or entries received today, against the threshold. */
export function observeDlqGrowth(rule: AlertRule, rows: readonly DayCounters[], today: string): Observation {
  const pending = rows.reduce((sum, row) => sum + Math.max(0, row.counters.status_pending ?? 0), 0);
  const receivedToday = rows
    .filter((row) => row.day === today)
    .reduce((sum, row) => sum + (row.counters.received ?? 0), 0);
  const measured = rule.threshold_unit === 'entries_per_day' ? receivedToday : pending;
  const what = rule.threshold_unit === 'entries_per_day' ? 'received today' : 'pending';
  return {
    subject: 'tenant',
    firing: measured >= rule.threshold_value,
    title: `DLQ growing: ${measured} entries ${what} for ${rule.tenant_id}`,
    message: `${measured} DLQ entries ${what} (threshold ${rule.threshold_value} ${rule.threshold_unit}).`,
    details: {
      pending,
      received_today: receivedToday,
      threshold: rule.threshold_value,
      unit: rule.threshold_unit,
    },
  };
}

/**
 * WORKER_UNHEALTHY: one subject per instance (`<worker_type>/<instance_id>`) with at least
 * threshold consecutive failed probes, checked within `maxAgeSeconds` of the evaluated instant.
 */
export function observeWorkerHealth(
  rule: AlertRule,
  instances: readonly InstanceHealth[],
  now: Date,
  maxAgeSeconds: number,
): Observation[] {
  return instances
    .filter((instance) => !rule.scope?.worker_type || instance.worker_type === rule.scope.worker_type)
    .map((instance) => {
      const checked = instance.last_check ? Date.parse(instance.last_check) : Number.NaN;
      // Checked within maxAge of the evaluated instant, either side: a refresh that finished just after
      // the scheduled instant counts; a snapshot from far away in time does not.
      const fresh = Math.abs(now.getTime() - checked) <= maxAgeSeconds * 1000;
      const subject = `${instance.worker_type}/${instance.instance_id}`;
      return {
        subject,
        firing: fresh && instance.consecutive_failures >= rule.threshold_value,
        title: `Worker ${subject} is unhealthy`,
        message: `${subject} failed ${instance.consecutive_failures} consecutive health probes (threshold ${rule.threshold_value})${instance.reason ? `: ${instance.reason}` : ''}.`,
        details: {
          worker_type: instance.worker_type,
          instance_id: instance.instance_id,
          status: instance.status,
          consecutive_failures: instance.consecutive_failures,
          last_check: instance.last_check,
          last_success: instance.last_success,
          reason: instance.reason,
        },
      };
    });
}

const sumOf = (buckets: readonly AggregateBucket[], from: number, to: number) => {
  let count = 0;
  let failures = 0;
  for (const bucket of buckets) {
    const start = Date.parse(bucket.bucketStart);
    if (start >= from && start < to) {
      count += bucket.count;
      failures += bucket.failures;
    }
  }
  return { count, failures };
};

/** The last complete minute boundary: windows end there so a minute still filling is not counted. */
export const windowEnd = (now: Date) => Math.floor(now.getTime() / MINUTE) * MINUTE;

/** ERROR_RATE_HIGH: per worker type, failed attempts in % of all attempts over the window. */
export function observeErrorRate(
  rule: AlertRule,
  workerType: WorkerType,
  buckets: readonly AggregateBucket[],
  now: Date,
  minEvents: number,
): Observation {
  const windowMinutes = rule.window_minutes ?? 5;
  const to = windowEnd(now);
  const { count, failures } = sumOf(buckets, to - windowMinutes * MINUTE, to);
  const rate = count > 0 ? (failures / count) * 100 : 0;
  return {
    subject: workerType,
    firing: count >= minEvents && rate >= rule.threshold_value,
    title: `Error rate of ${workerType} at ${percent(rate)}`,
    message: `${failures} of ${count} ${workerType} attempts failed in the last ${windowMinutes} minutes (${percent(rate)}, threshold ${rule.threshold_value}%).`,
    details: {
      worker_type: workerType,
      attempts: count,
      failures,
      error_rate_percent: Math.round(rate * 100) / 100,
      threshold_percent: rule.threshold_value,
      window_minutes: windowMinutes,
    },
  };
}

/** The start of the UTC hour holding `ms`. */
const hourOf = (ms: number) => Math.floor(ms / (60 * MINUTE)) * 60 * MINUTE;

/**
 * THROUGHPUT_LOW's baseline: the `hours` complete UTC hours before the hour in which the window
 * starts (read from the hourly aggregates, one bucket per hour), as bucket starts.
 */
export function baselineHours(windowMinutes: number, now: Date, hours: number): string[] {
  const firstWindowHour = hourOf(windowEnd(now) - windowMinutes * MINUTE);
  return Array.from({ length: hours }, (_, index) =>
    new Date(firstWindowHour - (hours - index) * 60 * MINUTE).toISOString(),
  );
}

/**
 * THROUGHPUT_LOW: per worker type, the event rate over the window against the average rate of
 * the complete hours before it (a trailing average); fires when the drop reaches threshold %.
 */
export function observeThroughput(
  rule: AlertRule,
  workerType: WorkerType,
  minuteBuckets: readonly AggregateBucket[],
  hourBuckets: readonly AggregateBucket[],
  now: Date,
  hours: number,
  minEvents: number,
): Observation {
  const windowMinutes = rule.window_minutes ?? 5;
  const to = windowEnd(now);
  const current = sumOf(minuteBuckets, to - windowMinutes * MINUTE, to).count / windowMinutes;
  const baselineStarts = new Set(baselineHours(windowMinutes, now, hours));
  const baselineEvents = hourBuckets
    .filter((bucket) => baselineStarts.has(bucket.bucketStart))
    .reduce((sum, bucket) => sum + bucket.count, 0);
  const baseline = baselineEvents / (hours * 60);
  const drop = baseline > 0 ? ((baseline - current) / baseline) * 100 : 0;
  return {
    subject: workerType,
    firing: baselineEvents >= minEvents && drop >= rule.threshold_value,
    title: `Throughput of ${workerType} down ${percent(drop)}`,
    message: `${workerType} processed ${Math.round(current * 100) / 100} events/min over the last ${windowMinutes} minutes against a baseline of ${Math.round(baseline * 100) / 100} events/min (drop ${percent(drop)}, threshold ${rule.threshold_value}%).`,
    details: {
      worker_type: workerType,
      events_per_minute: Math.round(current * 100) / 100,
      baseline_events_per_minute: Math.round(baseline * 100) / 100,
      drop_percent: Math.round(drop * 100) / 100,
      threshold_percent: rule.threshold_value,
      window_minutes: windowMinutes,
      baseline_hours: [...baselineStarts],
    },
  };
}
