import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { WEEKDAYS } from './alert-vocabulary';

/**
 * Quiet hours (pure): a daily window in a time zone during which non-critical notifications are
 * held back. `days` names the weekdays on which a window *starts*; a window whose end is not after
 * its start crosses midnight and ends on the next day (so `fri 22:00-06:00` covers Saturday 05:00).
 * Times are wall-clock times in the zone, so the window follows daylight saving changes.
 */

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:mm (00:00-23:59)');

export const quietHoursSchema = z
  .strictObject({
    time_zone: z
      .string()
      .min(1)
      .max(64)
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'must not repeat a day')
      .default([...WEEKDAYS]),
    start: clockTimeSchema,
    end: clockTimeSchema,
  })
  .refine((quiet) => quiet.start !== quiet.end, { message: 'must differ from start', path: ['end'] });
export type QuietHours = z.output<typeof quietHoursSchema>;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether `now` falls inside the quiet window (false when there is none). */
export function isWithinQuietHours(quiet: QuietHours | null | undefined, now: Date): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(now, { zone: quiet.time_zone });
  const minute = local.hour * 60 + local.minute;
  const today = WEEKDAYS[local.weekday - 1]!;
  const yesterday = WEEKDAYS[(local.weekday + 5) % 7]!;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start < end) return quiet.days.includes(today) && minute >= start && minute < end;
  // Crossing midnight: the evening part belongs to today's window, the morning part to yesterday's.
  return (quiet.days.includes(today) && minute >= start) || (quiet.days.includes(yesterday) && minute < end);
}
