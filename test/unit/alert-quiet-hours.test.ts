import { describe, expect, it } from 'vitest';
import { isWithinQuietHours, quietHoursSchema, type QuietHours } from '../../shared/alerts/quiet-hours';

const quiet = (input: Record<string, unknown>): QuietHours => quietHoursSchema.parse(input);
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('holds a same-day window in its time zone, start inclusive and end exclusive', () => {
    const window = quiet({ time_zone: 'Europe/Berlin', start: '09:00', end: '17:00' });
    // Berlin is UTC+1 in November.
    expect(isWithinQuietHours(window, at('2026-11-27T07:59:00Z'))).toBe(false);
    expect(isWithinQuietHours(window, at('2026-11-27T08:00:00Z'))).toBe(true);
    expect(isWithinQuietHours(window, at('2026-11-27T15:59:59Z'))).toBe(true);
    expect(isWithinQuietHours(window, at('2026-11-27T16:00:00Z'))).toBe(false);
  });

  it('crosses midnight: the morning belongs to the window that started the evening before', () => {
    // Friday nights only, in New York (UTC-5 in November).
    const window = quiet({ time_zone: 'America/New_York', days: ['fri'], start: '22:00', end: '06:00' });
    expect(isWithinQuietHours(window, at('2026-11-28T02:59:00Z'))).toBe(false); // Fri 21:59
    expect(isWithinQuietHours(window, at('2026-11-28T03:00:00Z'))).toBe(true); // Fri 22:00
    expect(isWithinQuietHours(window, at('2026-11-28T10:30:00Z'))).toBe(true); // Sat 05:30
    expect(isWithinQuietHours(window, at('2026-11-28T11:00:00Z'))).toBe(false); // Sat 06:00
    expect(isWithinQuietHours(window, at('2026-11-29T04:00:00Z'))).toBe(false); // Sat 23:00: no Saturday window
    expect(isWithinQuietHours(window, at('2026-11-27T08:00:00Z'))).toBe(false); // Fri 03:00: Thursday had none
  });

  it('follows daylight saving: the wall-clock window stays put while its UTC offset moves', () => {
    const window = quiet({ time_zone: 'Europe/Berlin', start: '01:00', end: '04:00' });
    // 29 March 2026: clocks jump 02:00 → 03:00 (UTC+1 → UTC+2).
    expect(isWithinQuietHours(window, at('2026-03-29T00:30:00Z'))).toBe(true); // 01:30 CET
    expect(isWithinQuietHours(window, at('2026-03-29T01:30:00Z'))).toBe(true); // 03:30 CEST
    expect(isWithinQuietHours(window, at('2026-03-29T02:00:00Z'))).toBe(false); // 04:00 CEST
    // In summer the same window is 23:00-02:00 UTC.
    expect(isWithinQuietHours(window, at('2026-07-01T23:30:00Z'))).toBe(true);
    expect(isWithinQuietHours(window, at('2026-07-02T02:00:00Z'))).toBe(false);
    // 25 October 2026: 03:00 CEST → 02:00 CET; 02:30 happens twice, both inside.
    expect(isWithinQuietHours(window, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isWithinQuietHours(window, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(isWithinQuietHours(window, at('2026-10-25T03:00:00Z'))).toBe(false); // 04:00 CET
  });

  it('is never quiet without a window', () => {
    expect(isWithinQuietHours(null, new Date())).toBe(false);
  });

  it('rejects unknown zones, malformed times, equal start and end, and repeated days', () => {
    const base = { time_zone: 'UTC', start: '22:00', end: '06:00' };
    expect(quietHoursSchema.safeParse({ ...base, time_zone: 'Mars/Olympus' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ ...base, start: '24:00' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ ...base, start: '7:00' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ ...base, end: '22:00' }).success).toBe(false);
    expect(quietHoursSchema.safeParse({ ...base, days: ['mon', 'mon'] }).success).toBe(false);
    expect(quietHoursSchema.parse(base).days).toHaveLength(7);
  });
});
