import type { ReactNode } from 'react';
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
