import pLimit from 'p-limit';
import { ulid } from 'ulid';
import { readDayCounters } from '../dlq/dlq-stats-repository';
import { readHealthSnapshot } from '../ops-workers/health-repository';
import type { InstanceHealth } from '../ops-workers/health-status';
import { WORKER_TYPES, type WorkerType } from '../platform/platform-vocabulary';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { logger } from '../logging/logger';
import { listBreaches, listOpenTrackersDueAfter } from '../sla/sla-repository';
import { readAggregateBuckets, type AggregateBucket } from '../telemetry/aggregate-repository';
import type { AggregateScope } from '../telemetry/processing-aggregation';
import type { AlertNotificationMessage, NotificationStatus } from './alert-contract';
import type { AlertType } from './alert-vocabulary';
import {
  baselineHours,
  dueFollowUps,
  notificationIdOf,
  observeDlqGrowth,
  observeErrorRate,
  observeSlaBreaches,
  observeSlaImminent,
  observeThroughput,
  observeWorkerHealth,
  splitDeferred,
  windowEnd,
  type Observation,
  type PendingEvent,
} from './alert-conditions';
import type { AlertRecord } from './alert-history-schemas';
import { createHistoryWrite, updateHistoryWrite } from './alert-history-repository';
import { alertSettings, type AlertSettings } from './alert-settings';
import {
  commitAlertWrites,
  createStateWrite,
  deleteStateWrite,
  listOpenStates,
  replaceStateWrite,
  type AlertState,
} from './alert-state-repository';
import { listChannels } from './channel-repository';
import { enqueueNotifications } from './notification-queue';
import { listAllRules } from './rule-repository';
import type { AlertRule } from './rule-schemas';

/**
 * The alert evaluator (P10-7): one cycle reads every rule and every open alert once, then per owner
 * reads what its rules measure from the read services — SLA breaches and the open-by-deadline index,
 * the DLQ day counters, the per-minute processing aggregates, the health snapshot (once per cycle) —
 * so a cycle costs O(owners × types) reads, never O(events). It then moves each fingerprint's alert
 * state with conditional writes and enqueues the notifications that are due.
 */

const MINUTE = 60_000;

export interface EvaluationOptions {
  /** The evaluation instant (injectable for tests and replays); default now. */
  now?: Date;
  /** Evaluate only these owners (tools and tests); default every owner with rules or open alerts. */
  owners?: readonly string[];
  settings?: AlertSettings;
}

export interface EvaluationSummary {
  now: string;
  owners: number;
  rules: number;
  triggered: number;
  resolved: number;
  escalated: number;
  renotified: number;
  /** Notification messages enqueued. */
  notifications: number;
  /** Alerts whose notifications quiet hours hold back. */
  deferred: number;
  /** Changes another evaluator (or a user) made first; this one stood back. */
  conflicts: number;
  /** Rules whose measure could not be read this cycle (their alerts are left as they are). */
  failed_rules: number;
  duration_ms: number;
}

type Counters = Omit<EvaluationSummary, 'now' | 'owners' | 'rules' | 'duration_ms'>;

const aggregateScopeOf = (owner: string): AggregateScope =>
  owner === PLATFORM_TENANT ? { kind: 'platform' } : { kind: 'tenant', tenantId: owner };

const workerTypesOf = (rule: AlertRule): readonly WorkerType[] =>
  rule.scope?.worker_type ? [rule.scope.worker_type] : WORKER_TYPES;

const lazy = <T>(load: () => Promise<T>) => {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
};

/** Runs one evaluation cycle over every enabled rule (or the owners named). */
export async function evaluateAlerts(options: EvaluationOptions = {}): Promise<EvaluationSummary> {
  const startedAt = Date.now();
  const now = options.now ?? new Date();
  const settings = options.settings ?? alertSettings;
  const only = options.owners ? new Set(options.owners) : null;
  const [allRules, allStates] = await Promise.all([listAllRules(), listOpenStates()]);
  const rulesByOwner = new Map<string, AlertRule[]>();
  for (const rule of allRules) {
    if (!rule.enabled || (only && !only.has(rule.tenant_id))) continue;
    rulesByOwner.set(rule.tenant_id, [...(rulesByOwner.get(rule.tenant_id) ?? []), rule]);
  }
  const statesByOwner = new Map<string, AlertState[]>();
  for (const state of allStates) {
    if (only && !only.has(state.owner)) continue;
    statesByOwner.set(state.owner, [...(statesByOwner.get(state.owner) ?? []), state]);
  }
  const owners = new Set([...rulesByOwner.keys(), ...statesByOwner.keys()]);
  const counters: Counters = {
    triggered: 0,
    resolved: 0,
    escalated: 0,
    renotified: 0,
    notifications: 0,
    deferred: 0,
    conflicts: 0,
    failed_rules: 0,
  };
  // The fleet's health is the same for every owner: one read per cycle, and only if a rule needs it.
  const healthSnapshot = lazy(async () => (await readHealthSnapshot()).instances);
  const limit = pLimit(settings.concurrency);
  await Promise.all(
    [...owners].map((owner) =>
      limit(() =>
        new OwnerEvaluation(
          owner,
          rulesByOwner.get(owner) ?? [],
          statesByOwner.get(owner) ?? [],
          now,
          settings,
          healthSnapshot,
          counters,
        ).run(),
      ),
    ),
  );
  return {
    now: now.toISOString(),
    owners: owners.size,
    rules: [...rulesByOwner.values()].reduce((sum, rules) => sum + rules.length, 0),
    ...counters,
    duration_ms: Date.now() - startedAt,
  };
}

/** One owner's part of a cycle: measure its rules, then move each of its alerts. */
class OwnerEvaluation {
  private readonly at: string;
  private readonly enabledChannels = lazy(async () => {
    const channels = await listChannels(this.owner);
    return new Set(channels.filter((channel) => channel.enabled).map((channel) => channel.channel_id));
  });
  /**
   * The aggregates every aggregate rule of the owner needs, by exact keys (BatchGetItem, 100 a
   * request), in two steps. First the hourly buckets: the hours the window touches and
   * THROUGHPUT_LOW's baseline hours, for every worker type the rules look at (7 × 4 shards × 2-3
   * keys). Then the minute buckets of the window, only for the worker types that can fire: an error
   * rate needs failures and enough attempts in the hours holding the window, a throughput drop needs
   * enough events in its baseline hours. The hourly and minute buckets are written in one transaction
   * per ingest chunk, so this pruning never skips a type that could fire.
   */
  private readonly aggregates = lazy(async () => {
    const minuteRules = this.rules.filter(
      (rule) => rule.alert_type === 'THROUGHPUT_LOW' || rule.alert_type === 'ERROR_RATE_HIGH',
    );
    const errorRule = minuteRules.find((rule) => rule.alert_type === 'ERROR_RATE_HIGH');
    const throughput = minuteRules.find((rule) => rule.alert_type === 'THROUGHPUT_LOW');
    const to = windowEnd(this.now);
    const longest = Math.max(...minuteRules.map((rule) => rule.window_minutes ?? 5));
    const minuteStarts = Array.from({ length: longest }, (_, index) =>
      new Date(to - (longest - index) * MINUTE).toISOString(),
    );
    const hour = 60 * MINUTE;
    const windowHours: string[] = [];
    for (let start = Math.floor((to - longest * MINUTE) / hour) * hour; start < to; start += hour) {
      windowHours.push(new Date(start).toISOString());
    }
    const baseline = throughput
      ? baselineHours(throughput.window_minutes ?? 5, this.now, this.settings.baselineHours)
      : [];
    const scope = aggregateScopeOf(this.owner);
    const types = [...new Set(minuteRules.flatMap(workerTypesOf))];
    const hourStarts = [...new Set([...windowHours, ...baseline])];
    const hours = await readAggregateBuckets(scope, types, 'hour', hourStarts, { countsOnly: true });
    const total = (workerType: WorkerType, starts: readonly string[]) =>
      (hours.get(workerType) ?? [])
        .filter((bucket) => starts.includes(bucket.bucketStart))
        .reduce(
          (sum, bucket) => ({ count: sum.count + bucket.count, failures: sum.failures + bucket.failures }),
          { count: 0, failures: 0 },
        );
    const candidates = types.filter((workerType) => {
      const inWindow = total(workerType, windowHours);
      const errorCandidate =
        errorRule !== undefined &&
        workerTypesOf(errorRule).includes(workerType) &&
        inWindow.failures > 0 &&
        inWindow.count >= this.settings.minEvents;
      const throughputCandidate =
        throughput !== undefined &&
        workerTypesOf(throughput).includes(workerType) &&
        total(workerType, baseline).count >= this.settings.minEvents;
      return errorCandidate || throughputCandidate;
    });
    const minutes =
      candidates.length > 0
        ? await readAggregateBuckets(scope, candidates, 'minute', minuteStarts, { countsOnly: true })
        : new Map<WorkerType, AggregateBucket[]>();
    return { minutes, hours };
  });

  constructor(
    private readonly owner: string,
    private readonly rules: readonly AlertRule[],
    private readonly states: readonly AlertState[],
    private readonly now: Date,
    private readonly settings: AlertSettings,
    private readonly healthSnapshot: () => Promise<InstanceHealth[]>,
    private readonly counters: Counters,
  ) {
    this.at = now.toISOString();
  }

  async run(): Promise<void> {
    const observed = new Map<AlertType, Map<string, Observation> | 'failed'>();
    await Promise.all(
      this.rules.map(async (rule) => {
        try {
          const observations = await this.observe(rule);
          observed.set(rule.alert_type, new Map(observations.map((o) => [o.subject, o])));
        } catch (error) {
          this.counters.failed_rules++;
          observed.set(rule.alert_type, 'failed');
          logger.error('alert rule could not be evaluated', {
            owner: this.owner,
            config_id: rule.config_id,
            alert_type: rule.alert_type,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
    const ruleByType = new Map(this.rules.map((rule) => [rule.alert_type, rule]));
    const stateByKey = new Map(this.states.map((state) => [`${state.alert_type}#${state.subject}`, state]));
    const work: Promise<void>[] = [];
    for (const state of this.states) {
      // An evaluation older than the state's last change (a delayed or replayed run) must not undo it.
      if (this.now.toISOString() < state.changed_at) continue;
      const rule = ruleByType.get(state.alert_type) ?? null;
      const observations = observed.get(state.alert_type);
      const current = rule?.config_id === state.rule_id ? rule : null;
      const firing =
        observations instanceof Map ? observations.get(state.subject)?.firing === true : undefined;
      work.push(this.advance(state, current, observations === 'failed' ? undefined : (firing ?? false)));
    }
    for (const rule of this.rules) {
      const observations = observed.get(rule.alert_type);
      if (!(observations instanceof Map)) continue;
      for (const observation of observations.values()) {
        if (observation.firing && !stateByKey.has(`${rule.alert_type}#${observation.subject}`)) {
          work.push(this.trigger(rule, observation));
        }
      }
    }
    await Promise.all(work);
  }

  // -------------------------------------------------------------------------------------------
  // Measures

  private async observe(rule: AlertRule): Promise<Observation[]> {
    switch (rule.alert_type) {
      case 'SLA_BREACH': {
        const from = new Date(this.now.getTime() - (rule.window_minutes ?? 60) * MINUTE).toISOString();
        const page = await listBreaches(this.owner, {
          from,
          to: this.at,
          limit: Math.min(1000, Math.max(20, rule.threshold_value)),
        });
        return [
          observeSlaBreaches(
            rule,
            page.items.filter((b) => b.sla_deadline <= this.at),
            from,
          ),
        ];
      }
      case 'SLA_IMMINENT': {
        const trackers = await listOpenTrackersDueAfter(this.owner, this.now, this.settings.imminentScan);
        return [observeSlaImminent(rule, trackers, this.now)];
      }
      case 'DLQ_GROWTH': {
        // Pending entries are counted on the day they failed; 93 days covers the DLQ's listing window.
        const fromDay = new Date(this.now.getTime() - 92 * 86_400_000).toISOString().slice(0, 10);
        const today = this.at.slice(0, 10);
        return [observeDlqGrowth(rule, await readDayCounters(this.owner, fromDay, today), today)];
      }
      case 'WORKER_UNHEALTHY':
        return observeWorkerHealth(
          rule,
          await this.healthSnapshot(),
          this.now,
          this.settings.healthMaxAgeSeconds,
        );
      case 'ERROR_RATE_HIGH': {
        const { minutes } = await this.aggregates();
        return workerTypesOf(rule).map((workerType) =>
          observeErrorRate(
            rule,
            workerType,
            minutes.get(workerType) ?? [],
            this.now,
            this.settings.minEvents,
          ),
        );
      }
      case 'THROUGHPUT_LOW': {
        const { minutes, hours } = await this.aggregates();
        return workerTypesOf(rule).map((workerType) =>
          observeThroughput(
            rule,
            workerType,
            minutes.get(workerType) ?? [],
            hours.get(workerType) ?? [],
            this.now,
            this.settings.baselineHours,
            this.settings.minEvents,
          ),
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Transitions

  /** A new alert: its state (only if the fingerprint has none) and history item in one transaction. */
  private async trigger(rule: AlertRule, observation: Observation): Promise<void> {
    const alertId = ulid(this.now.getTime());
    const state: AlertState = {
      owner: this.owner,
      alert_type: rule.alert_type,
      subject: observation.subject,
      rule_id: rule.config_id,
      alert_id: alertId,
      status: 'firing',
      severity: rule.severity,
      title: observation.title,
      message: observation.message,
      details: observation.details,
      channels: rule.channels,
      triggered_at: this.at,
      changed_at: this.at,
      version: 1,
      last_notified_at: null,
      renotify_count: 0,
      escalated_at: null,
      pending: [{ occurrence: 'triggered', event: 'triggered', at: this.at, channels: rule.channels }],
      resolution: null,
      notification_status: 'pending',
    };
    const record: AlertRecord = {
      alert_id: alertId,
      tenant_id: this.owner,
      alert_type: rule.alert_type,
      severity: rule.severity,
      subject: observation.subject,
      rule_id: rule.config_id,
      title: observation.title,
      message: observation.message,
      details: {
        ...observation.details,
        rule: {
          config_id: rule.config_id,
          threshold_value: rule.threshold_value,
          threshold_unit: rule.threshold_unit,
        },
      },
      status: 'firing',
      triggered_at: this.at,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
      notification_status: 'pending',
      last_notified_at: null,
      escalated_at: null,
    };
    if (!(await commitAlertWrites([createStateWrite(state), createHistoryWrite(record)]))) {
      this.counters.conflicts++;
      return;
    }
    this.counters.triggered++;
    await this.flush(state, rule, false);
  }

  /**
   * An existing alert: resolve it when its condition cleared (or its rule is gone), add the
   * follow-ups that are due while it fires, then send what it owes. `firing` undefined: the
   * measure could not be read, so only notifications move.
   */
  private async advance(
    state: AlertState,
    rule: AlertRule | null,
    firing: boolean | undefined,
  ): Promise<void> {
    let current = state;
    if (state.status !== 'resolved' && (rule === null || firing === false)) {
      const next: AlertState = {
        ...state,
        status: 'resolved',
        resolution: 'auto',
        changed_at: this.at,
        version: state.version + 1,
        pending: [
          ...state.pending,
          { occurrence: 'resolved', event: 'resolved', at: this.at, channels: state.channels },
        ],
      };
      const committed = await commitAlertWrites([
        replaceStateWrite(next, state.version),
        updateHistoryWrite(
          state.owner,
          state.alert_id,
          {
            status: 'resolved',
            resolved_at: this.at,
            resolved_by: 'auto',
            expires_at: Math.floor(this.now.getTime() / 1000) + this.settings.historyDays * 86_400,
          },
          ['firing', 'acknowledged'],
        ),
      ]);
      if (!committed) {
        this.counters.conflicts++;
        return;
      }
      this.counters.resolved++;
      current = next;
    } else if (state.status === 'firing' && rule !== null && firing === true) {
      const due = dueFollowUps(rule, state, this.now);
      if (due.length > 0) {
        const escalated = due.some((event) => event.event === 'escalated');
        const renotified = due.some((event) => event.event === 'renotify');
        const next: AlertState = {
          ...state,
          changed_at: this.at,
          version: state.version + 1,
          pending: [...state.pending, ...due],
          escalated_at: escalated ? this.at : state.escalated_at,
          renotify_count: state.renotify_count + (renotified ? 1 : 0),
        };
        const writes = [replaceStateWrite(next, state.version)];
        if (escalated)
          writes.push(updateHistoryWrite(state.owner, state.alert_id, { escalated_at: this.at }));
        if (!(await commitAlertWrites(writes))) {
          this.counters.conflicts++;
          return;
        }
        if (escalated) this.counters.escalated++;
        if (renotified) this.counters.renotified++;
        current = next;
      }
    }
    await this.flush(current, rule, firing === false || rule === null);
  }

  /**
   * Sends what an alert owes: enqueues the events quiet hours do not hold (one message per enabled
   * channel, with a deterministic notification id), then removes them from the state. A resolved
   * state drops what quiet hours still hold (the resolution went out) and, when the evaluator
   * resolved it, is deleted; a state a user resolved stays until its condition clears.
   */
  private async flush(state: AlertState, rule: AlertRule | null, conditionCleared: boolean): Promise<void> {
    const resolved = state.status === 'resolved';
    const { send, defer } = splitDeferred(state.pending, rule, this.now);
    const keep = resolved ? [] : defer;
    const finished = resolved && (state.resolution === 'auto' || conditionCleared);
    if (send.length === 0) {
      if (keep.length > 0 && state.notification_status !== 'deferred') {
        await this.commitFlush(state, keep, 'deferred', state.last_notified_at, false);
        this.counters.deferred++;
      } else if (finished || keep.length !== state.pending.length) {
        await this.commitFlush(state, keep, state.notification_status, state.last_notified_at, finished);
      }
      return;
    }
    const enabled = await this.enabledChannels();
    const messages: AlertNotificationMessage[] = send.flatMap((event) =>
      event.channels
        .filter((channelId) => enabled.has(channelId))
        .map((channelId) => this.messageOf(state, event, channelId)),
    );
    const status: NotificationStatus =
      keep.length > 0 ? 'deferred' : messages.length > 0 ? 'pending' : 'suppressed';
    const notifiedAt = send.some((event) => event.event !== 'resolved') ? this.at : state.last_notified_at;
    // History first, then the queue, then the state: a crash in between leaves the events on the
    // state, so the next cycle enqueues them again under the same ids (delivery sends once).
    await commitAlertWrites([
      updateHistoryWrite(state.owner, state.alert_id, {
        notification_status: status,
        last_notified_at: notifiedAt,
      }),
    ]);
    if (messages.length > 0) await enqueueNotifications(messages);
    this.counters.notifications += messages.length;
    if (keep.length > 0) this.counters.deferred++;
    await this.commitFlush(state, keep, status, notifiedAt, finished);
  }

  /** Stores what is left to send; deletes the state of a finished (resolved and cleared) alert. */
  private async commitFlush(
    state: AlertState,
    keep: PendingEvent[],
    status: NotificationStatus,
    notifiedAt: string | null,
    finished: boolean,
  ): Promise<void> {
    const next: AlertState = {
      ...state,
      pending: keep,
      notification_status: status,
      last_notified_at: notifiedAt,
      version: state.version + 1,
    };
    const writes = [];
    if (finished && keep.length === 0) {
      writes.push(deleteStateWrite(state, state.version));
    } else {
      writes.push(replaceStateWrite(next, state.version));
    }
    if (status === 'deferred' && state.notification_status !== 'deferred') {
      writes.push(updateHistoryWrite(state.owner, state.alert_id, { notification_status: 'deferred' }));
    }
    if (!(await commitAlertWrites(writes))) this.counters.conflicts++;
  }

  private messageOf(state: AlertState, event: PendingEvent, channelId: string): AlertNotificationMessage {
    const resolved = event.event === 'resolved';
    return {
      notification_id: notificationIdOf(state.alert_id, event.occurrence, channelId),
      owner: state.owner,
      channel_id: channelId,
      payload: {
        alert_id: state.alert_id,
        alert_type: state.alert_type,
        tenant_id: state.owner,
        severity: state.severity,
        title: resolved ? `Resolved: ${state.title}` : state.title,
        message: resolved ? `Resolved at ${event.at}. ${state.message}` : state.message,
        timestamp: event.at,
        event: event.event,
        details: { ...state.details, subject: state.subject, triggered_at: state.triggered_at },
      },
      attempt: 1,
      // The delivery side's retry horizon runs on the wall clock, whatever instant was evaluated.
      first_enqueued_at: new Date().toISOString(),
    };
  }
}
