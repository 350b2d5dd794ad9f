import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { describeError } from '../../../lib/errors';
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
      {audit.isPending ? <LoadingState label="Loading audit events…" /> : null}
      {audit.isError && !audit.data ? (
        <ErrorState
          error={audit.error}
          title="Could not load the audit trail"
          onRetry={() => void audit.refetch()}
        />
      ) : null}
      {audit.data && events.length === 0 ? (
        <EmptyState title={filtered ? 'No events in this time range' : 'No audit events yet'}>
          {filtered ? (
            <p>Widen or clear the time range.</p>
          ) : (
            <p>Every change made through the API is recorded here.</p>
          )}
        </EmptyState>
      ) : null}
      {events.length > 0 ? (
        <>
          {audit.isRefetchError ? (
            <p className="inline-warning" role="status">
              Showing earlier data: the last refresh failed ({describeError(audit.error).title}).
            </p>
          ) : null}
          <AuditEventsTable events={events} />
          <div className="load-more">
            {audit.hasNextPage ? (
              <button
                type="button"
                className="btn"
                aria-disabled={audit.isFetchingNextPage}
                onClick={() => {
                  if (!audit.isFetchingNextPage) void audit.fetchNextPage();
                }}
              >
                {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              <p className="muted">
                {events.length} event{events.length === 1 ? '' : 's'}, all loaded.
              </p>
            )}
            {audit.isFetchNextPageError ? (
              <p className="field-error" role="alert">
                Could not load more events: {describeError(audit.error).title}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </Panel>
  );
}
