import { storeProcessingChunk } from './aggregate-repository';
import { chunkForTransactions } from './processing-aggregation';
import { markHoursWritten } from './sealed-hours';
import type { Principal } from '../access/principal';
import { ingestItems, uniqueBy } from '../ingest/ingest-pipeline';
import { processingEventSchema, type IngestResult, type ProcessingEvent } from '../ingest/ingest-schemas';

/**
 * Stores processing events as pre-aggregated per-minute, hourly and daily aggregates, exactly once,
 * and marks their hours for the hour sealer (sealed-hours.ts).
 */
export async function storeProcessingEvents(events: readonly ProcessingEvent[]) {
  const { unique, repeats } = uniqueBy(events, (event) => `${event.tenant_id}#${event.event_id}`);
  let accepted = 0;
  let duplicates = repeats;
  let aggregateWrites = 0;
  const committed: ProcessingEvent[] = [];
  try {
    for (const chunk of chunkForTransactions(unique)) {
      const stored = await storeProcessingChunk(chunk);
      accepted += stored.accepted;
      duplicates += stored.duplicates;
      aggregateWrites += stored.aggregateWrites;
      committed.push(...chunk);
    }
  } finally {
    // Once per call, after the commits (also when a later chunk failed), and for duplicates too:
    // a redelivery after a crash here still marks.
    if (committed.length > 0) await markHoursWritten(committed);
  }
  return { accepted, duplicates, aggregateWrites };
}

/** `POST /api/ingest/processing-events` and the ingest queue's `processing-events` messages. */
export function ingestProcessingEvents(
  principal: Principal,
  items: readonly unknown[],
): Promise<IngestResult> {
  return ingestItems(
    principal,
    items,
    processingEventSchema,
    (event) => event.tenant_id,
    storeProcessingEvents,
  );
}
