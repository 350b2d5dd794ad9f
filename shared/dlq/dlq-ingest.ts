import type { Principal } from '../access/principal';
import { ingestItems, storeEachOnce } from '../ingest/ingest-pipeline';
import { dlqEntrySchema, type DlqEntryInput, type IngestResult } from '../ingest/ingest-schemas';
import { findDeclaredDestination } from '../registry/destination-service';
import { insertDlqEntry } from './dlq-entry-repository';

/** Stores dead-lettered events, one entry per event id. */
export const storeDlqEntries = (entries: readonly DlqEntryInput[]) =>
  storeEachOnce(
    entries,
    (entry) => `${entry.tenant_id}#${entry.event_id}`,
    (entry) => insertDlqEntry(entry),
  );

/**
 * `POST /api/ingest/dlq`: an entry must name a destination the platform declared for its tenant
 * (or platform-wide), so that a later redrive can never be aimed anywhere else.
 */
export const ingestDlqEntries = (principal: Principal, items: readonly unknown[]): Promise<IngestResult> =>
  ingestItems(
    principal,
    items,
    dlqEntrySchema,
    (entry) => entry.tenant_id,
    storeDlqEntries,
    async (entry) => {
      const declared = await findDeclaredDestination(
        entry.tenant_id,
        entry.destination.kind,
        entry.destination.address,
      );
      return declared
        ? null
        : {
            slug: 'undeclared-destination',
            detail: `The ${entry.destination.kind} destination ${entry.destination.address} is not declared for tenant ${entry.tenant_id}.`,
          };
    },
  );
