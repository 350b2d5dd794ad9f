/** The DLQ's words: plain values (no zod), shared with the console. */

export const DLQ_STATUSES = ['pending', 'retrying', 'succeeded', 'failed', 'discarded'] as const;
export type DlqStatus = (typeof DLQ_STATUSES)[number];

/** The DLQ operation events recorded per entry (see docs/dlq.md). */
export const DLQ_OPERATIONS = [
  'received',
  'retry_started',
  'retry_succeeded',
  'retry_failed',
  'discarded',
] as const;
export type DlqOperation = (typeof DLQ_OPERATIONS)[number];
