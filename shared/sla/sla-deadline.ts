import { DateTime } from 'luxon';
import { minutesOfDay, type PolicyPackContent } from '../config-resources/config-resource-schemas';
import { type Severity } from '../platform/platform-vocabulary';

/**
 * SLA deadlines: pure time arithmetic over a policy pack's targets, clock, time zone and business
 * hours. No I/O; the exceptions ingest calls it when an exception arrives without a deadline.
 */

/** The part of a policy pack that decides SLA deadlines. */
export type SlaPolicy = Pick<PolicyPackContent, 'time_zone' | 'business_hours' | 'sla_clock' | 'sla_targets'>;

/** Platform default targets (minutes to resolve) for tenants without a policy pack. */
export const DEFAULT_SLA_TARGETS: Readonly<Record<Severity, number>> = Object.freeze({
  CRITICAL: 60,
  HIGH: 240,
  MEDIUM: 1440,
  LOW: 4320,
});

/** The platform default SLA policy: the default targets on the calendar clock, in UTC. */
export const DEFAULT_SLA_POLICY: Readonly<SlaPolicy> = Object.freeze({
  time_zone: 'UTC',
  business_hours: Object.freeze({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
  sla_clock: 'calendar' as const,
  sla_targets: DEFAULT_SLA_TARGETS,
});

/*
 * A valid policy pack fits every target within 52 weeks of business hours (the schema checks it);
 * DST can take an hour a week at most, so this bound is never reached by a valid pack.
 */
const MAX_DAYS_SCANNED = 800;

/** A wall-clock time `HH:MM` on a local day; `24:00` is the next day's midnight. */
function atClockTime(day: DateTime, time: string): DateTime {
  if (time === '24:00') return day.plus({ days: 1 }).startOf('day');
  const minutes = minutesOfDay(time);
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/**
 * Adds `minutes` of business time to an instant: only time inside the business hours of the
 * policy's time zone counts, so a deadline skips nights, weekends and excluded days. Windows are
 * measured in elapsed time, so a window that contains a DST change is an hour shorter or longer.
 */
function addBusinessMinutes(startMs: number, minutes: number, policy: SlaPolicy): number {
  const days = new Set(policy.business_hours.days);
  let remainingMs = minutes * 60_000;
  let day = DateTime.fromMillis(startMs, { zone: policy.time_zone }).startOf('day');
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
    if (days.has(day.weekday)) {
      const opens = atClockTime(day, policy.business_hours.start).toMillis();
      const closes = atClockTime(day, policy.business_hours.end).toMillis();
      const from = Math.max(opens, startMs);
      const availableMs = closes - from;
      if (availableMs > 0) {
        if (remainingMs <= availableMs) return from + remainingMs;
        remainingMs -= availableMs;
      }
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new RangeError(
    `The business hours leave no room for ${minutes} minutes within ${MAX_DAYS_SCANNED} days.`,
  );
}

/**
 * The SLA deadline (UTC ISO-8601) of an exception of `severity` created at `createdAt`: the
 * created time plus the severity's target minutes, on the calendar clock or counting only
 * business hours in the policy's time zone.
 */
export function computeSlaDeadline(policy: SlaPolicy, severity: Severity, createdAt: string): string {
  const created = DateTime.fromISO(createdAt, { zone: 'utc' });
  if (!created.isValid) throw new RangeError(`createdAt is not an ISO-8601 instant: ${createdAt}`);
  const minutes = policy.sla_targets[severity];
  const startMs = created.toMillis();
  const deadlineMs =
    policy.sla_clock === 'calendar'
      ? startMs + minutes * 60_000
      : addBusinessMinutes(startMs, minutes, policy);
  return new Date(deadlineMs).toISOString();
}
