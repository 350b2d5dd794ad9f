/**
 * The platform's vocabulary: the words every area, the infrastructure and the console use for the
 * platform Opsdeck watches. Plain values without zod, so that the console can import them at run
 * time without loading a validation library; the zod schemas built from them are in
 * platform-schemas.ts.
 */

/** The platform's worker types, in pipeline order. */
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

/** Exception severities, lowest first. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where the platform sends events: the destinations a dead letter is retried to. */
export const DESTINATION_KINDS = ['sqs', 'eventbridge', 'http'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
