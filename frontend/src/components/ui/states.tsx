import type { ReactNode } from 'react';
import { describeError } from '../../lib/errors';

/** Every panel shows one of these while it has no data to show: loading, empty, or failed. */

export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

export interface ErrorStateProps {
  error: unknown;
  /** What failed, e.g. "Could not load tenants"; the error's own title follows it. */
  title?: string;
  onRetry?: () => void;
}

export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  const description = describeError(error);
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title ?? description.title}</p>
      <div className="state-body">
        {title ? (
          <p>{description.detail ? `${description.title}: ${description.detail}` : description.title}</p>
        ) : null}
        {!title && description.detail ? <p>{description.detail}</p> : null}
        {description.requestId ? (
          <p className="muted">
            Request ID <code>{description.requestId}</code>
          </p>
        ) : null}
      </div>
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
