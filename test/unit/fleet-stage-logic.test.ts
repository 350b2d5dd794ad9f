import { describe, expect, it } from 'vitest';
import {
  exceptionEventSchema,
  exceptionSchema,
  policyDecisionSchema,
  toolExecutionSchema,
} from '../../shared/ingest/ingest-schemas';
import { WORKER_TYPES } from '../../shared/platform/platform-vocabulary';
import { seededRandom } from '../../infra/local/fleet/random';
import { runStage, type StageReports } from '../../infra/local/fleet/stage-logic';
import {
  CLOSED_ACCOUNT,
  createSyntheticException,
  UNKNOWN_CURRENCY,
} from '../../infra/local/fleet/synthetic-exceptions';
import type { WorkItem } from '../../infra/local/fleet/work-item';

const startedAt = new Date('2026-03-02T10:00:00.000Z');
const run = { instanceId: 'test-1', startedAt, finishedAt: new Date(startedAt.getTime() + 80) };

/** Passes an item through every stage, collecting what each reports. */
function throughPipeline(item: WorkItem) {
  const reports: StageReports = {
    exceptions: [],
    exceptionEvents: [],
    toolExecutions: [],
    policyDecisions: [],
  };
  let current = item;
  for (const stage of WORKER_TYPES) {
    const outcome = runStage(stage, current, run);
    if (outcome.kind === 'rejected') return { rejectedAt: stage, reason: outcome.reason, reports };
    current = outcome.item;
    for (const key of Object.keys(reports) as (keyof StageReports)[])
      reports[key].push(...(outcome.reports[key] as never[]));
  }
  return { item: current, reports };
}

function exceptions(count: number) {
  const random = seededRandom(5);
  return Array.from({ length: count }, () =>
    createSyntheticException({ tenantId: 'acme', now: startedAt, random, poisonFraction: 0 }),
  );
}

describe('stage logic', () => {
  it('reports only items that satisfy the ingest contract, from the right stages', () => {
    for (const item of exceptions(300)) {
      const result = throughPipeline(item);
      expect(result.reports).toBeDefined();
      const { reports } = result;
      for (const exception of reports.exceptions) expect(exceptionSchema.parse(exception)).toBeTruthy();
      for (const event of reports.exceptionEvents) expect(exceptionEventSchema.parse(event)).toBeTruthy();
      for (const execution of reports.toolExecutions)
        expect(toolExecutionSchema.parse(execution)).toBeTruthy();
      for (const decision of reports.policyDecisions) {
        expect(policyDecisionSchema.parse(decision)).toMatchObject({
          policy_pack_id: 'default-policy',
          policy_pack_version: 1,
        });
      }
      // intake reports it OPEN, feedback RESOLVED (with resolved_at) or ESCALATED (without).
      expect(reports.exceptions).toHaveLength(2);
      expect(reports.exceptions[0]!.status).toBe('OPEN');
      const final = reports.exceptions[1]!;
      expect(['RESOLVED', 'ESCALATED']).toContain(final.status);
      expect(final.resolved_at !== undefined).toBe(final.status === 'RESOLVED');
      expect(final).not.toHaveProperty('sla_deadline');
      expect(reports.toolExecutions).toHaveLength(1);
      expect(reports.policyDecisions).toHaveLength(1);
    }
  });

  it('leaves a realistic share unresolved', () => {
    const finals = exceptions(2_000).map((item) => throughPipeline(item).reports.exceptions[1]!.status);
    const escalated = finals.filter((status) => status === 'ESCALATED').length / finals.length;
    expect(escalated).toBeGreaterThan(0.05);
    expect(escalated).toBeLessThan(0.25);
  });

  it('decides the same way when a message is redelivered, so report ids repeat', () => {
    const [item] = exceptions(1);
    expect(runStage('policy', item!, run)).toEqual(runStage('policy', item!, run));
    expect(throughPipeline(item!)).toEqual(throughPipeline(item!));
  });

  it('does not change the item it is given', () => {
    const [item] = exceptions(1);
    const copy = structuredClone(item!);
    runStage('triage', item!, run);
    expect(item).toEqual(copy);
  });

  it('rejects each poison defect at its stage, with a reason', () => {
    const [item] = exceptions(1);
    const cases = [
      [{ ...item!.details, reference: '' }, 'triage', /reference is empty/],
      [{ ...item!.details, currency: UNKNOWN_CURRENCY }, 'policy', /currency XXX/],
      [{ ...item!.details, customer_id: CLOSED_ACCOUNT }, 'tool', /closed/],
    ] as const;
    for (const [details, stage, reason] of cases) {
      const result = throughPipeline({ ...item!, details });
      expect(result.rejectedAt).toBe(stage);
      expect(result.reason).toMatch(reason);
    }
  });

  it('has the SLA monitor flag old escalated exceptions', () => {
    const [item] = exceptions(1);
    const old: WorkItem = {
      ...item!,
      exception: {
        ...item!.exception,
        severity: 'CRITICAL',
        created_at: new Date(startedAt.getTime() - 2 * 3_600_000).toISOString(),
      },
      context: { final_status: 'ESCALATED' },
    };
    const expired = runStage('sla_monitor', old, run);
    expect(expired.kind === 'processed' && expired.reports.exceptionEvents[0]?.event_type).toBe('SLAExpired');
    const imminent = runStage(
      'sla_monitor',
      {
        ...old,
        exception: {
          ...old.exception,
          created_at: new Date(startedAt.getTime() - 50 * 60_000).toISOString(),
        },
      },
      run,
    );
    expect(imminent.kind === 'processed' && imminent.reports.exceptionEvents[0]?.event_type).toBe(
      'SLAImminent',
    );
    const resolved = runStage('sla_monitor', { ...old, context: { final_status: 'RESOLVED' } }, run);
    expect(resolved.kind === 'processed' && resolved.reports.exceptionEvents).toEqual([]);
  });
});
