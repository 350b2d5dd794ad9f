import type {
  ConfigKind,
  DomainPackContent,
  PlaybookContent,
  PolicyPackContent,
  ToolContent,
} from './config-resource-schemas';

/**
 * One valid content example per kind, as docs/config-resources.md shows them; tests and demo data
 * start from these. The playbook refers to the tool `retry-payment`, so create that tool first.
 */

export const exampleDomainPack: DomainPackContent = {
  name: 'Payments',
  description: 'Exceptions raised by the payment pipeline.',
  exception_types: [
    { type: 'PaymentFailed', default_severity: 'HIGH', description: 'A payment was declined or timed out.' },
    { type: 'DuplicateCharge', default_severity: 'CRITICAL', description: 'A customer was charged twice.' },
    {
      type: 'AddressMismatch',
      default_severity: 'LOW',
      description: 'Billing and shipping addresses differ.',
    },
  ],
};

export const examplePolicyPack: PolicyPackContent = {
  name: 'Default policy',
  description: 'SLA targets on business hours in Berlin, and who may run what.',
  time_zone: 'Europe/Berlin',
  business_hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  sla_clock: 'business_hours',
  sla_targets: { CRITICAL: 60, HIGH: 240, MEDIUM: 960, LOW: 2400 },
  rules: [
    {
      id: 'refunds-need-approval',
      description: 'Refunds are never automatic.',
      when: { tool_ids: ['refund-payment'] },
      decision: 'REQUIRE_APPROVAL',
    },
    {
      id: 'escalate-duplicate-charges',
      when: { exception_types: ['DuplicateCharge'], severities: ['CRITICAL'] },
      decision: 'ESCALATE',
    },
    { id: 'allow-retries', when: { tool_ids: ['retry-payment'] }, decision: 'ALLOW' },
  ],
};

export const exampleTool: ToolContent = {
  name: 'Retry payment',
  description: 'Submits a failed payment to the payment provider again.',
  endpoint_kind: 'http',
  input_schema: {
    type: 'object',
    properties: { payment_id: { type: 'string' }, max_attempts: { type: 'integer', minimum: 1 } },
    required: ['payment_id'],
    additionalProperties: false,
  },
  approval_required: false,
};

export const examplePlaybook: PlaybookContent = {
  name: 'Failed payment',
  description: 'Retry once, then hand over to a person.',
  exception_types: ['PaymentFailed'],
  steps: [
    { type: 'tool', tool_id: 'retry-payment', title: 'Retry the payment' },
    {
      type: 'manual',
      title: 'Call the customer',
      instructions: 'Confirm the card details and retry by hand.',
    },
  ],
};

/** The examples by kind, with the resource ids the docs use. */
export const configExamples = {
  'domain-packs': { resourceId: 'payments', content: exampleDomainPack },
  'policy-packs': { resourceId: 'default', content: examplePolicyPack },
  tools: { resourceId: 'retry-payment', content: exampleTool },
  playbooks: { resourceId: 'failed-payment', content: examplePlaybook },
} as const satisfies Record<ConfigKind, { resourceId: string; content: unknown }>;
