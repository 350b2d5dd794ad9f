import type { ReactNode } from 'react';
import { describeError } from '../../lib/errors';
import { ErrorState, LoadingState } from './states';

/** The parts of a TanStack Query result the panels read to pick their state. */
export interface PanelQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: unknown;
  refetch: () => unknown;
}

/**
 * A panel's loading, failed (with "Try again") and empty states for one query, in that order. The
 * error shows only while there is no data; the empty state only once data came back with no rows.
 */
export function QueryStates({
  query,
  empty,
  loadingLabel,
  errorTitle,
  emptyState,
}: {
  query: PanelQuery;
  /** True when the answer has no rows to show. */
  empty: boolean;
  loadingLabel: string;
  errorTitle: string;
  emptyState: ReactNode;
}) {
  return (
    <>
      {query.isPending ? <LoadingState label={loadingLabel} /> : null}
      {query.isError && !query.data ? (
        <ErrorState error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />
      ) : null}
      {query.data && empty ? emptyState : null}
    </>
  );
}

/**
 * A scrollable table with a header row: one column per label (null or false leaves it out) and, when
 * `actions` is set, a last column whose header is read out as "Actions" only.
 */
export function DataTable({
  columns,
  actions = false,
  children,
  footer,
}: {
  columns: readonly (string | null | false)[];
  actions?: boolean;
  /** The rows. */
  children: ReactNode;
  /** Shown under the table, inside the scroll area. */
  footer?: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) =>
              column ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : null,
            )}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
      {footer}
    </div>
  );
}

/** Shown above rows kept from an earlier answer when the last background refresh failed. */
export function StaleDataWarning({ query }: { query: { isRefetchError: boolean; error: unknown } }) {
  return query.isRefetchError ? (
    <p className="inline-warning" role="status">
      Showing earlier data: the last refresh failed ({describeError(query.error).title}).
    </p>
  ) : null;
}

/** The parts of an infinite query "Load more" reads. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/**
 * "Load more" under a list of pages. Once every page is in, `allLoaded` replaces the button (without
 * it, nothing is shown). With `moreErrorLabel`, a failed next page is announced under it.
 */
export function LoadMore({
  query,
  allLoaded,
  moreErrorLabel,
}: {
  query: PagedQuery;
  allLoaded?: ReactNode;
  moreErrorLabel?: string;
}) {
  if (!query.hasNextPage && allLoaded === undefined) return null;
  return (
    <div className="load-more">
      {query.hasNextPage ? (
        <button
          type="button"
          className="btn"
          aria-disabled={query.isFetchingNextPage}
          onClick={() => {
            if (!query.isFetchingNextPage) void query.fetchNextPage();
          }}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        <p className="muted">{allLoaded}</p>
      )}
      {moreErrorLabel && query.isFetchNextPageError ? (
        <p className="field-error" role="alert">
          {moreErrorLabel}: {describeError(query.error).title}
        </p>
      ) : null}
    </div>
  );
}
