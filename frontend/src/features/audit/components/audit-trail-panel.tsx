import { LoadMore, QueryStates, StaleDataWarning } from '../../../components/ui/data-table';
import { Panel } from '../../../components/ui/panel';
import { EmptyState } from '../../../components/ui/states';
import type { AuditFilters } from '../../../lib/query-keys';
import { useAuditEvents } from '../api/list-audit-events';
import { AuditEventsTable } from './audit-events-table';

export function AuditTrailPanel({ filters }: { filters: AuditFilters }) {
  const audit = useAuditEvents(filters);
  const events = audit.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.from !== null || filters.to !== null;

  return (
    <Panel
      title="Events"
      description="Newest first. Expand a row to see the resource before and after the change."
    >
      <QueryStates
        query={audit}
        empty={events.length === 0}
        loadingLabel="Loading audit events…"
        errorTitle="Could not load the audit trail"
        emptyState={
          <EmptyState title={filtered ? 'No events in this time range' : 'No audit events yet'}>
            {filtered ? (
              <p>Widen or clear the time range.</p>
            ) : (
              <p>Every change made through the API is recorded here.</p>
            )}
          </EmptyState>
        }
      />
      {events.length > 0 ? (
        <>
          <StaleDataWarning query={audit} />
          <AuditEventsTable events={events} />
          <LoadMore
            query={audit}
            allLoaded={
              <>
                {events.length} event{events.length === 1 ? '' : 's'}, all loaded.
              </>
            }
            moreErrorLabel="Could not load more events"
          />
        </>
      ) : null}
    </Panel>
  );
}
