/**
 * What each stage "does" to an exception, and the facts it reports to Opsdeck. Pure: the random
 * choices are seeded by exception and stage, so a redelivered message decides the same way and
 * the ids of what it reports (decision, tool run, status change) stay the same, which makes the
 * reports idempotent across retries.
 */
import type { z } from 'zod';
import type {
  exceptionEventSchema,
  exceptionSchema,
  policyDecisionSchema,
  toolExecutionSchema,
} from '../../../shared/ingest/ingest-schemas';
import type { WorkerType } from '../../../shared/platform/platform-vocabulary';
import { randomFromText, type Random } from './random';
import { CLOSED_ACCOUNT } from './synthetic-exceptions';
import type { WorkItem } from './work-item';

export type ExceptionReport = z.input<typeof exceptionSchema>;
export type ExceptionEventReport = z.input<typeof exceptionEventSchema>;
export type ToolExecutionReport = z.input<typeof toolExecutionSchema>;
export type PolicyDecisionReport = z.input<typeof policyDecisionSchema>;

export interface StageReports {
  exceptions: ExceptionReport[];
  exceptionEvents: ExceptionEventReport[];
  toolExecutions: ToolExecutionReport[];
  policyDecisions: PolicyDecisionReport[];
}

export type StageOutcome =
  | { readonly kind: 'processed'; readonly item: WorkItem; readonly reports: StageReports }
  /** The stage cannot handle this item, now or ever: it fails on every delivery. */
  | { readonly kind: 'rejected'; readonly reason: string };

export interface StageRun {
  /** The worker instance, recorded as actor. */
  readonly instanceId: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export const POLICY_PACK_ID = 'default-policy';
export const POLICY_PACK_VERSION = 1;
export const KNOWN_CURRENCIES: readonly string[] = ['EUR', 'USD', 'GBP', 'CHF', 'JPY'];

/** Resolution targets the sla_monitor assumes (Opsdeck computes the real deadlines from the policy pack). */
export const ASSUMED_SLA_TARGET_MS: Readonly<Record<WorkItem['exception']['severity'], number>> = {
  CRITICAL: 1 * 3_600_000,
  HIGH: 4 * 3_600_000,
  MEDIUM: 8 * 3_600_000,
  LOW: 24 * 3_600_000,
};
/** From this share of the target on, an open exception is reported as SLAImminent. */
export const SLA_IMMINENT_SHARE = 0.75;

const PLAYBOOKS: Readonly<Record<string, { playbook: string; tool: string }>> = {
  PAYMENT_MISMATCH: { playbook: 'payment-reconciliation', tool: 'refund-tool' },
  ADDRESS_INVALID: { playbook: 'address-correction', tool: 'address-validator' },
  DUPLICATE_INVOICE: { playbook: 'duplicate-invoice', tool: 'invoice-void-tool' },
  CUSTOMER_DATA_MISMATCH: { playbook: 'crm-sync', tool: 'crm-sync-tool' },
  INVENTORY_SHORTAGE: { playbook: 'inventory-rebalance', tool: 'stock-transfer-tool' },
  SHIPMENT_DELAY: { playbook: 'carrier-follow-up', tool: 'carrier-api-tool' },
};
const FALLBACK_PLAYBOOK = { playbook: 'manual-review', tool: 'ticket-tool' };
const DENIED_PLAYBOOK = { playbook: 'notify-and-close', tool: 'notify-tool' };

/** Runs one stage on one item. The item passed in is not changed. */
export function runStage(stage: WorkerType, input: WorkItem, run: StageRun): StageOutcome {
  const item: WorkItem = structuredClone(input);
  const random = randomFromText(`${item.exception.exception_id}:${stage}`);
  const reports: StageReports = {
    exceptions: [],
    exceptionEvents: [],
    toolExecutions: [],
    policyDecisions: [],
  };
  const rejection = stageHandlers[stage](item, reports, random, run);
  return rejection === undefined
    ? { kind: 'processed', item, reports }
    : { kind: 'rejected', reason: rejection };
}

type StageHandler = (
  item: WorkItem,
  reports: StageReports,
  random: Random,
  run: StageRun,
) => string | undefined;

const stageHandlers: Readonly<Record<WorkerType, StageHandler>> = {
  intake(item, reports, _random, run) {
    reports.exceptions.push({ ...item.exception, status: 'OPEN' });
    reports.exceptionEvents.push(
      statusChange(item, 'OPEN', run, `received from ${item.exception.source_system}`),
    );
    return undefined;
  },

  triage(item, reports, _random, run) {
    if (item.details.reference === '') return 'cannot classify the exception: its reference is empty';
    const priorities = { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4' } as const;
    item.context.priority = priorities[item.exception.severity];
    reports.exceptionEvents.push(
      statusChange(item, 'IN_PROGRESS', run, `triaged as ${item.context.priority}`),
    );
    return undefined;
  },

  policy(item, reports, random, run) {
    const { currency, amount } = item.details;
    if (!KNOWN_CURRENCIES.includes(currency)) {
      return `no rule of ${POLICY_PACK_ID} v${POLICY_PACK_VERSION} matches currency ${currency}`;
    }
    let decision: NonNullable<WorkItem['context']['policy_decision']>;
    let ruleId: string;
    let reason: string;
    if (item.exception.severity === 'CRITICAL' && random() < 0.35) {
      [decision, ruleId, reason] = [
        'ESCALATE',
        'escalate-critical',
        'critical exceptions go to a human first',
      ];
    } else if (amount > 2000) {
      [decision, ruleId, reason] = [
        'REQUIRE_APPROVAL',
        'approval-over-2000',
        `amount ${amount} ${currency} exceeds 2000`,
      ];
    } else if (random() < 0.04) {
      [decision, ruleId, reason] = [
        'DENY',
        'deny-flagged-customer',
        `customer ${item.details.customer_id} is flagged`,
      ];
    } else {
      [decision, ruleId, reason] = [
        'ALLOW',
        'auto-resolve-under-limit',
        'within automatic resolution limits',
      ];
    }
    item.context.policy_decision = decision;
    item.context.rule_id = ruleId;
    reports.policyDecisions.push({
      decision_id: `${item.exception.exception_id}:policy`,
      tenant_id: item.exception.tenant_id,
      exception_id: item.exception.exception_id,
      policy_pack_id: POLICY_PACK_ID,
      policy_pack_version: POLICY_PACK_VERSION,
      decision,
      rule_id: ruleId,
      reason,
      decided_at: run.finishedAt.toISOString(),
    });
    return undefined;
  },

  playbook(item) {
    const chosen =
      item.context.policy_decision === 'DENY'
        ? DENIED_PLAYBOOK
        : (PLAYBOOKS[item.exception.type] ?? FALLBACK_PLAYBOOK);
    item.context.playbook_id = chosen.playbook;
    item.context.tool_id = chosen.tool;
    return undefined;
  },

  tool(item, reports, random, run) {
    const toolId = item.context.tool_id ?? FALLBACK_PLAYBOOK.tool;
    if (item.details.customer_id === CLOSED_ACCOUNT) {
      return `${toolId}: account ${CLOSED_ACCOUNT} is closed (upstream answered 422)`;
    }
    const failed = random() < 0.07;
    item.context.tool_outcome = failed ? 'failed' : 'succeeded';
    reports.toolExecutions.push({
      execution_id: `${item.exception.exception_id}:tool`,
      tenant_id: item.exception.tenant_id,
      exception_id: item.exception.exception_id,
      tool_id: toolId,
      tool_version: 1,
      status: item.context.tool_outcome,
      started_at: run.startedAt.toISOString(),
      finished_at: run.finishedAt.toISOString(),
      actor: run.instanceId,
      ...(failed ? { error: `${toolId}: upstream did not answer within 3000 ms` } : {}),
    });
    return undefined;
  },

  feedback(item, reports, random, run) {
    const { policy_decision: decision, tool_outcome: toolOutcome } = item.context;
    let escalation: string | undefined;
    if (decision === 'ESCALATE') escalation = 'escalated by policy';
    else if (toolOutcome === 'failed') escalation = `tool ${item.context.tool_id ?? 'run'} failed`;
    else if (decision === 'REQUIRE_APPROVAL' && random() < 0.4) escalation = 'waiting for approval';
    else if (random() < 0.03) escalation = 'customer disputes the resolution';

    const status = escalation === undefined ? 'RESOLVED' : 'ESCALATED';
    item.context.final_status = status;
    reports.exceptions.push({
      ...item.exception,
      status,
      ...(status === 'RESOLVED' ? { resolved_at: run.finishedAt.toISOString() } : {}),
    });
    reports.exceptionEvents.push(
      statusChange(item, status, run, escalation ?? `resolved by ${item.context.playbook_id}`),
    );
    return undefined;
  },

  sla_monitor(item, reports, _random, run) {
    if (item.context.final_status !== 'ESCALATED') return undefined;
    const ageMs = run.finishedAt.getTime() - new Date(item.exception.created_at).getTime();
    const targetMs = ASSUMED_SLA_TARGET_MS[item.exception.severity];
    const eventType =
      ageMs >= targetMs ? 'SLAExpired' : ageMs >= SLA_IMMINENT_SHARE * targetMs ? 'SLAImminent' : undefined;
    if (eventType) {
      reports.exceptionEvents.push({
        event_id: `${item.exception.exception_id}:${eventType}`,
        exception_id: item.exception.exception_id,
        tenant_id: item.exception.tenant_id,
        event_type: eventType,
        occurred_at: run.finishedAt.toISOString(),
        actor: run.instanceId,
        comment: `open for ${Math.round(ageMs / 60_000)} min, ${item.exception.severity} target ${targetMs / 60_000} min`,
      });
    }
    return undefined;
  },
};

function statusChange(
  item: WorkItem,
  status: NonNullable<ExceptionEventReport['status']>,
  run: StageRun,
  comment: string,
): ExceptionEventReport {
  return {
    event_id: `${item.exception.exception_id}:status:${status}`,
    exception_id: item.exception.exception_id,
    tenant_id: item.exception.tenant_id,
    event_type: 'StatusChanged',
    occurred_at: run.finishedAt.toISOString(),
    status,
    actor: run.instanceId,
    comment,
  };
}
