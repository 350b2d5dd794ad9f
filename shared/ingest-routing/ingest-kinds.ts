import { ingestDlqEntries } from '../dlq/dlq-ingest';
import { ingestExceptionEvents, ingestExceptions } from '../exceptions/exception-ingest';
import type { Principal } from '../access/principal';
import { ingestPolicyDecisions, ingestToolExecutions } from '../platform-facts/fact-ingest';
import type { IngestResult } from '../ingest/ingest-schemas';
import { ingestProcessingEvents } from '../telemetry/processing-event-ingest';

/** Every kind of ingest batch, by the name it has in its path and in ingest-queue messages. */
export const ingestKinds = {
  'processing-events': ingestProcessingEvents,
  exceptions: ingestExceptions,
  'exception-events': ingestExceptionEvents,
  dlq: ingestDlqEntries,
  'tool-executions': ingestToolExecutions,
  'policy-decisions': ingestPolicyDecisions,
} as const satisfies Record<
  string,
  (principal: Principal, items: readonly unknown[]) => Promise<IngestResult>
>;

export type IngestKind = keyof typeof ingestKinds;
export const INGEST_KINDS = Object.keys(ingestKinds) as [IngestKind, ...IngestKind[]];
