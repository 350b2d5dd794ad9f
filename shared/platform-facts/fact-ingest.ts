import type { Principal } from '../access/principal';
import { ingestItems, storeEachOnce } from '../ingest/ingest-pipeline';
import {
  policyDecisionSchema,
  toolExecutionSchema,
  type IngestResult,
  type PolicyDecision,
  type ToolExecution,
} from '../ingest/ingest-schemas';
import { insertFact, type FactKind } from './fact-repository';

function factStore<T extends { tenant_id: string }>(
  kind: FactKind,
  idOf: (fact: T) => string,
  timeOf: (fact: T) => string,
) {
  return (facts: readonly T[]) =>
    storeEachOnce(
      facts,
      (fact) => `${fact.tenant_id}#${idOf(fact)}`,
      (fact) => insertFact(kind, fact.tenant_id, idOf(fact), timeOf(fact), fact),
    );
}

export const storeToolExecutions = factStore<ToolExecution>(
  'TOOLEXEC',
  (fact) => fact.execution_id,
  (fact) => fact.started_at,
);
export const storePolicyDecisions = factStore<PolicyDecision>(
  'POLICYDEC',
  (fact) => fact.decision_id,
  (fact) => fact.decided_at,
);

export const ingestToolExecutions = (
  principal: Principal,
  items: readonly unknown[],
): Promise<IngestResult> =>
  ingestItems(principal, items, toolExecutionSchema, (fact) => fact.tenant_id, storeToolExecutions);

export const ingestPolicyDecisions = (
  principal: Principal,
  items: readonly unknown[],
): Promise<IngestResult> =>
  ingestItems(principal, items, policyDecisionSchema, (fact) => fact.tenant_id, storePolicyDecisions);
