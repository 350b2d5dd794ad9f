const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An API timestamp (UTC ISO-8601) in the viewer's local time; the raw value when unparseable. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

const compactDateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Like formatDateTime, without the year when it is the current one (for dense tables). */
export function formatCompactDateTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.getFullYear() === now.getFullYear()
    ? compactDateTimeFormat.format(date)
    : dateTimeFormat.format(date);
}

/** `2025-03-01T09:30:00.000Z` → the value a `<input type="datetime-local">` shows, in local time. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time, no zone) → UTC ISO-8601, or null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** True for strings the API would accept as an ISO-8601 timestamp. */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A figure with at most two decimals and grouping; an em dash for null. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : numberFormat.format(value);
}

const smallFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });

/**
 * An axis tick: like formatNumber, but values under 1 keep two significant digits, so that close
 * ticks of a small scale (0.005, 0.01, 0.015 …) stay distinct instead of rounding to the same label.
 */
export function formatTickNumber(value: number): string {
  return Math.abs(value) > 0 && Math.abs(value) < 1 ? smallFormat.format(value) : formatNumber(value);
}

/** A percentage (already in percent) with one decimal; an em dash for null. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(Math.round(value * 10) / 10).toFixed(1)} %`;
}

/** A duration for an axis tick: one unit, "45 s", "30 min", "4 h", "2 d". */
export function formatShortDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.round(ms / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (abs < 86_400_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  return `${Math.round((ms / 86_400_000) * 10) / 10} d`;
}

/** A duration in milliseconds as the two largest units: "850 ms", "12.4 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(Math.round(abs / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(abs / 1000);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${sign}${days} d ${hours} h`;
  if (hours > 0) return `${sign}${hours} h ${minutes} min`;
  return `${sign}${minutes} min ${rest} s`;
}
