import { formatCompactDateTime, formatDateTime } from '../../lib/format';

/** A timestamp in local time; hovering shows the exact UTC value the API sent. */
export function DateTime({
  value,
  fallback = '—',
  compact = false,
}: {
  value: string | null | undefined;
  fallback?: string;
  /** Leave out the current year (dense tables). */
  compact?: boolean;
}) {
  if (!value) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={value} title={value}>
      {compact ? formatCompactDateTime(value) : formatDateTime(value)}
    </time>
  );
}
