import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors/typed-errors';
import {
  bucketContaining,
  bucketsBefore,
  bucketsBetween,
  defaultComplianceFrom,
  localDayOf,
  localDaysBefore,
  resolveRange,
  SLA_RETENTION_DAYS,
  startOfLocalDay,
} from '../../shared/sla/sla-periods';

const hoursBetween = (start: string, end: string) => (Date.parse(end) - Date.parse(start)) / 3_600_000;

describe('SLA calendar arithmetic in the tenant time zone', () => {
  it('puts an instant on the local day of the tenant, not the UTC day', () => {
    // Prepare / Act / Assess in one: 23:30Z is already the next day in Berlin and still the same in New York.
    expect(localDayOf('2026-03-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDayOf('2026-03-28T23:30:00Z', 'America/New_York')).toBe('2026-03-28');
    expect(localDayOf('2026-03-28T23:30:00Z', 'UTC')).toBe('2026-03-28');
    expect(localDayOf('2026-03-28T18:45:00Z', 'Asia/Kolkata')).toBe('2026-03-29');
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25 hours long', () => {
    const spring = bucketContaining('2026-03-29T12:00:00Z', 'day', 'Europe/Berlin');
    expect(spring).toMatchObject({
      label: '2026-03-29',
      start: '2026-03-28T23:00:00.000Z',
      end: '2026-03-29T22:00:00.000Z',
      days: ['2026-03-29'],
    });
    expect(hoursBetween(spring.start, spring.end)).toBe(23);

    const autumn = bucketContaining('2026-10-25T12:00:00Z', 'day', 'Europe/Berlin');
    expect(autumn).toMatchObject({ start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' });
    expect(hoursBetween(autumn.start, autumn.end)).toBe(25);

    const newYork = bucketContaining('2026-11-01T12:00:00Z', 'day', 'America/New_York');
    expect(newYork).toMatchObject({ start: '2026-11-01T04:00:00.000Z', end: '2026-11-02T05:00:00.000Z' });
  });

  it('assigns instants around the fall-back hour to the right local day', () => {
    // 22:30Z on 25 Oct is 23:30 CET (UTC+1, after the change); 23:30Z is 00:30 on the 26th.
    expect(localDayOf('2026-10-25T22:30:00Z', 'Europe/Berlin')).toBe('2026-10-25');
    expect(localDayOf('2026-10-25T23:30:00Z', 'Europe/Berlin')).toBe('2026-10-26');
    // The same wall-clock 23:30 a day earlier (CEST, UTC+2) is 21:30Z.
    expect(localDayOf('2026-10-24T21:30:00Z', 'Europe/Berlin')).toBe('2026-10-24');
    expect(startOfLocalDay('2026-10-26', 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('starts ISO weeks on Monday and gives a week containing a DST change 167 hours', () => {
    const week = bucketContaining('2026-03-29T20:00:00Z', 'week', 'Europe/Berlin');
    expect(week.label).toBe('2026-03-23');
    expect(week.days).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(hoursBetween(week.start, week.end)).toBe(167);
  });

  it('ends months on their last day: 28, 29, 30 and 31 days, across DST', () => {
    const february = bucketContaining('2026-02-15T00:00:00Z', 'month', 'America/New_York');
    expect(february).toMatchObject({ start: '2026-02-01T05:00:00.000Z', end: '2026-03-01T05:00:00.000Z' });
    expect(february.days).toHaveLength(28);
    expect(bucketContaining('2028-02-10T00:00:00Z', 'month', 'UTC').days).toHaveLength(29);
    const march = bucketContaining('2026-03-31T12:00:00Z', 'month', 'America/New_York');
    expect(march).toMatchObject({ start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z' });
    expect(march.days).toHaveLength(31);
    expect(march.days.at(-1)).toBe('2026-03-31');
    expect(bucketContaining('2026-04-30T23:59:00Z', 'month', 'UTC').days).toHaveLength(30);
    // 31 Jan 23:30 in New York is already 1 Feb in UTC: it still belongs to January.
    expect(bucketContaining('2026-02-01T04:30:00Z', 'month', 'America/New_York').label).toBe('2026-01-01');
  });

  it('lists consecutive buckets without gaps or overlaps across month ends and DST', () => {
    const months = bucketsBetween('2026-01-31T12:00:00Z', '2026-04-01T12:00:00Z', 'month', 'Europe/Berlin');
    expect(months.map((bucket) => bucket.label)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
    for (let index = 1; index < months.length; index++)
      expect(months[index]!.start).toBe(months[index - 1]!.end);

    const days = bucketsBetween('2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z', 'day', 'Europe/Berlin');
    expect(days.map((bucket) => bucket.label)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(days.map((bucket) => hoursBetween(bucket.start, bucket.end))).toEqual([24, 25, 24]);
  });

  it('finds the previous period of the same length, also for months of different lengths', () => {
    const march = bucketsBetween('2026-03-05T12:00:00Z', '2026-03-20T12:00:00Z', 'month', 'America/New_York');
    const previous = bucketsBefore(march[0]!.start, 2, 'month', 'America/New_York');
    expect(previous.map((bucket) => bucket.label)).toEqual(['2026-01-01', '2026-02-01']);
    expect(previous.at(-1)!.end).toBe(march[0]!.start);

    const days = bucketsBetween('2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z', 'day', 'Europe/Berlin');
    const before = bucketsBefore(days[0]!.start, days.length, 'day', 'Europe/Berlin');
    expect(before.map((bucket) => bucket.label)).toEqual(['2026-03-27', '2026-03-28']);
    expect(before.at(-1)!.end).toBe(days[0]!.start);
  });

  it('counts default ranges in calendar periods, clamping month ends', () => {
    expect(defaultComplianceFrom('2026-03-31T12:00:00Z', 'month', 'UTC')).toBe('2025-10-01T00:00:00.000Z');
    expect(defaultComplianceFrom('2026-03-30T12:00:00Z', 'day', 'Europe/Berlin')).toBe(
      DateTime.fromISO('2026-03-01', { zone: 'Europe/Berlin' }).toUTC().toISO(),
    );
    expect(localDaysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(localDaysBefore('2028-03-01', 1)).toBe('2028-02-29');
  });

  it('refuses from after to, and ranges beyond retention', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const from = () => '2026-11-01T00:00:00.000Z';
    expect(resolveRange({}, now, from)).toEqual({ from: '2026-11-01T00:00:00.000Z', to: now.toISOString() });
    expect(() =>
      resolveRange({ from: '2026-11-20T00:00:00Z', to: '2026-11-10T00:00:00Z' }, now, from),
    ).toThrow(ValidationError);
    const tooOld = new Date(now.getTime() - (SLA_RETENTION_DAYS + 1) * 86_400_000).toISOString();
    expect(() => resolveRange({ from: tooOld }, now, from)).toThrow(/retention/);
  });
});
