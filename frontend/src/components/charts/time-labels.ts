/** Axis labels for chart buckets: clock time for short ranges, weekday and hour for a week or more. */

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const dayAndClock = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: '2-digit', timeZone: 'UTC' });

export function bucketLabel(iso: string, spanSeconds: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return spanSeconds > 24 * 3600 ? dayAndClock.format(date) : clock.format(date);
}

/** A calendar day (`2025-03-01` or an ISO instant at midnight UTC) as "Mar 01". */
export function dayLabel(value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : day.format(date);
}
