import { DateTime } from 'luxon';
import { ValidationError } from '../errors/typed-errors';
import type { SlaPeriod } from './sla-vocabulary';

/**
 * Calendar arithmetic for SLA reporting, in the tenant's time zone: local days (the key of the
 * daily aggregates), day / ISO-week / month buckets, and the request range checks. Pure; luxon
 * does the time-zone work, so days that are 23 or 25 hours long and months of 28–31 days come out
 * right.
 */

/** How long daily aggregates and breach records are kept (their TTL), and how far back reads may reach. */
export const SLA_RETENTION_DAYS = 400;

/** One reporting bucket: a local calendar day, ISO week (Monday first) or month, as UTC instants. */
export interface PeriodBucket {
  /** The bucket's first local day, `YYYY-MM-DD`. */
  readonly label: string;
  /** Inclusive start, UTC ISO-8601. */
  readonly start: string;
  /** Exclusive end, UTC ISO-8601. */
  readonly end: string;
  /** Local days (`YYYY-MM-DD`) the bucket covers, in order. */
  readonly days: readonly string[];
}

const luxonUnit = { day: 'day', week: 'week', month: 'month' } as const;
const periods = (period: SlaPeriod, count: number) =>
  period === 'day' ? { days: count } : period === 'week' ? { weeks: count } : { months: count };

const toDateTime = (instant: string | Date, zone: string): DateTime => {
  const value =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: 'utc' })
      : DateTime.fromJSDate(instant, { zone: 'utc' });
  if (!value.isValid) throw new RangeError(`not an ISO-8601 instant: ${String(instant)}`);
  return value.setZone(zone);
};

const iso = (value: DateTime): string => value.toUTC().toISO({ suppressMilliseconds: false })!;

/** The tenant-local calendar day (`YYYY-MM-DD`) an instant falls on. */
export function localDayOf(instant: string | Date, zone: string): string {
  return toDateTime(instant, zone).toISODate()!;
}

/** The UTC instant a local day starts at (midnight, or the first existing minute on DST days). */
export function startOfLocalDay(day: string, zone: string): string {
  return iso(DateTime.fromISO(day, { zone }).startOf('day'));
}

/** The local days from `firstDay` through `lastDay`, inclusive. */
export function localDaysBetween(firstDay: string, lastDay: string): string[] {
  const days: string[] = [];
  let day = DateTime.fromISO(firstDay, { zone: 'utc' });
  const last = DateTime.fromISO(lastDay, { zone: 'utc' });
  while (day <= last) {
    days.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return days;
}

/** The calendar day `count` days before the local day `day` (calendar arithmetic, no clock involved). */
export function localDaysBefore(day: string, count: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).minus({ days: count }).toISODate()!;
}

/** The bucket of `period` that contains `instant`, in `zone`. */
export function bucketContaining(instant: string | Date, period: SlaPeriod, zone: string): PeriodBucket {
  const start = toDateTime(instant, zone).startOf(luxonUnit[period]);
  return bucketFrom(start, period);
}

function bucketFrom(start: DateTime, period: SlaPeriod): PeriodBucket {
  const end = start.plus(periods(period, 1)).startOf('day');
  const lastDay = end.minus({ days: 1 }).toISODate()!;
  return {
    label: start.toISODate()!,
    start: iso(start),
    end: iso(end),
    days: localDaysBetween(start.toISODate()!, lastDay),
  };
}

/** The buckets of `period` from the one containing `from` through the one containing `to`. */
export function bucketsBetween(from: string, to: string, period: SlaPeriod, zone: string): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  let start = toDateTime(from, zone).startOf(luxonUnit[period]);
  const last = toDateTime(to, zone).startOf(luxonUnit[period]);
  while (start <= last) {
    const bucket = bucketFrom(start, period);
    buckets.push(bucket);
    start = DateTime.fromISO(bucket.end, { zone: 'utc' }).setZone(zone).startOf('day');
  }
  return buckets;
}

/** The `count` buckets of `period` immediately before the bucket that starts at `firstStart`. */
export function bucketsBefore(firstStart: string, count: number, period: SlaPeriod, zone: string) {
  if (count === 0) return [];
  const first = toDateTime(firstStart, zone)
    .startOf('day')
    .minus(periods(period, count))
    .startOf(luxonUnit[period]);
  const lastStart = toDateTime(firstStart, zone)
    .startOf('day')
    .minus(periods(period, 1))
    .startOf(luxonUnit[period]);
  return bucketsBetween(iso(first), iso(lastStart), period, zone);
}

/** The default range of a compliance request that names no `from`: this many buckets up to now. */
export const DEFAULT_BUCKETS: Readonly<Record<SlaPeriod, number>> = { day: 30, week: 12, month: 6 };

/** The trailing window of `period=day|week|month` for resolution times: local days up to today. */
export const RESOLUTION_WINDOW_DAYS: Readonly<Record<SlaPeriod, number>> = { day: 1, week: 7, month: 30 };

/** The earliest instant a read may ask for: the retention horizon. */
export const retentionHorizon = (now: Date): Date =>
  new Date(now.getTime() - SLA_RETENTION_DAYS * 86_400_000);

/**
 * Validates and completes a `from`/`to` range: `to` defaults to now, `from` to `defaultFrom(to)`;
 * `from` after `to`, or `from` before the retention horizon, is a 400.
 */
export function resolveRange(
  input: { from?: string; to?: string },
  now: Date,
  defaultFrom: (to: string) => string,
): { from: string; to: string } {
  const to = input.to ?? now.toISOString();
  const from = input.from ?? defaultFrom(to);
  if (Date.parse(from) > Date.parse(to)) {
    throw new ValidationError('`from` must not be after `to`.', {
      errors: [{ path: 'query.from', message: 'must not be after to' }],
    });
  }
  const horizon = retentionHorizon(now);
  if (Date.parse(from) < horizon.getTime()) {
    throw new ValidationError(
      `The range reaches beyond the ${SLA_RETENTION_DAYS}-day retention of SLA data (earliest ${horizon.toISOString()}).`,
      { errors: [{ path: 'query.from', message: `must not be before ${horizon.toISOString()}` }] },
    );
  }
  return { from, to };
}

/** The default `from` of a compliance range: the start of the bucket `count − 1` periods before `to`. */
export function defaultComplianceFrom(to: string, period: SlaPeriod, zone: string): string {
  return iso(
    toDateTime(to, zone)
      .minus(periods(period, DEFAULT_BUCKETS[period] - 1))
      .startOf(luxonUnit[period]),
  );
}
