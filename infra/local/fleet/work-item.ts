/**
 * The message that travels through the stage queues: the exception as the source system raised
 * it, the business details the stages look at, and what earlier stages decided. Every worker
 * validates it on receipt (an SQS message is an edge like any other).
 */
import { z } from 'zod';
import {
  exceptionSchema,
  policyDecisionSchema,
  toolExecutionSchema,
} from '../../../shared/ingest/ingest-schemas';

export const workItemSchema = z.strictObject({
  exception: exceptionSchema.pick({
    exception_id: true,
    tenant_id: true,
    type: true,
    severity: true,
    source_system: true,
    created_at: true,
  }),
  details: z.strictObject({
    amount: z.number().nonnegative(),
    currency: z.string().max(8),
    reference: z.string().max(64),
    customer_id: z.string().max(64),
  }),
  context: z.strictObject({
    priority: z.enum(['P1', 'P2', 'P3', 'P4']).optional(),
    policy_decision: policyDecisionSchema.shape.decision.optional(),
    rule_id: z.string().max(128).optional(),
    playbook_id: z.string().max(128).optional(),
    tool_id: z.string().max(128).optional(),
    tool_outcome: toolExecutionSchema.shape.status.optional(),
    final_status: z.enum(['RESOLVED', 'ESCALATED']).optional(),
  }),
});

export type WorkItem = z.output<typeof workItemSchema>;

/** String message attributes stamped on every stage message (the DLQ forwarder reads them back). */
export interface WorkItemAttributes {
  readonly tenant_id: string;
  readonly exception_id: string;
  readonly event_type: string;
}

export function workItemAttributes(item: WorkItem, eventType: string): WorkItemAttributes {
  return {
    tenant_id: item.exception.tenant_id,
    exception_id: item.exception.exception_id,
    event_type: eventType,
  };
}

/** The attributes in the shape SendMessage wants. */
export function toMessageAttributes(
  attributes: WorkItemAttributes,
): Record<string, { DataType: 'String'; StringValue: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { DataType: 'String' as const, StringValue: String(value) },
    ]),
  );
}
