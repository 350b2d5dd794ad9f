import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect } from 'react';
import { paths } from '../../config/paths';
import { RouteForbiddenError } from '../../lib/authorization';
import { describeError } from '../../lib/errors';

/**
 * The error boundary of every route: a failure on one page never blanks the shell around it.
 * "Try again" resets the boundary and re-runs the route's guards and loaders.
 */
export function RouteErrorFallback({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();
  const description = describeError(error);
  const forbidden = error instanceof RouteForbiddenError;

  useEffect(() => {
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  return (
    <div className="route-error" role="alert">
      <h1 className="page-title">{description.title}</h1>
      {description.detail ? <p>{description.detail}</p> : null}
      {description.requestId ? (
        <p className="muted">
          Request ID <code>{description.requestId}</code>
        </p>
      ) : null}
      <div className="route-error-actions">
        {forbidden ? null : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              reset();
              void router.invalidate();
            }}
          >
            Try again
          </button>
        )}
        <Link to={paths.home} className="btn">
          Go to the start page
        </Link>
      </div>
    </div>
  );
}
