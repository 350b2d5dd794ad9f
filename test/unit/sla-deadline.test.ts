import { describe, expect, it } from 'vitest';
import { examplePolicyPack } from '../../shared/config-resources/config-resource-examples';
import { parseConfigContent } from '../../shared/config-resources/config-resource-schemas';
import {
  computeSlaDeadline,
  DEFAULT_SLA_POLICY,
  DEFAULT_SLA_TARGETS,
  type SlaPolicy,
} from '../../shared/sla/sla-deadline';

const officeHours = (timeZone: string, overrides: Partial<SlaPolicy> = {}): SlaPolicy => ({
  time_zone: timeZone,
  business_hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  sla_clock: 'business_hours',
  sla_targets: { CRITICAL: 60, HIGH: 120, MEDIUM: 30, LOW: 4320 },
  ...overrides,
});

describe('platform default SLA policy', () => {
  it('has the documented targets on the calendar clock', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({ CRITICAL: 60, HIGH: 240, MEDIUM: 1440, LOW: 4320 });
    expect(DEFAULT_SLA_POLICY.sla_clock).toBe('calendar');
    expect(Object.isFrozen(DEFAULT_SLA_POLICY)).toBe(true);
  });

  it('adds the target to the created time and answers in UTC', () => {
    expect(computeSlaDeadline(DEFAULT_SLA_POLICY, 'CRITICAL', '2025-01-10T16:00:00+02:00')).toBe(
      '2025-01-10T15:00:00.000Z',
    );
    expect(computeSlaDeadline(DEFAULT_SLA_POLICY, 'LOW', '2025-01-10T16:00:00Z')).toBe(
      '2025-01-13T16:00:00.000Z',
    );
  });
});

describe('computeSlaDeadline on the calendar clock', () => {
  it('ignores business hours and time zone', () => {
    const policy = officeHours('Europe/Berlin', { sla_clock: 'calendar' });
    // Friday evening + 2 hours: still Friday evening, weekend or not.
    expect(computeSlaDeadline(policy, 'HIGH', '2025-01-10T18:00:00.000Z')).toBe('2025-01-10T20:00:00.000Z');
  });

  it('counts elapsed time across a DST change', () => {
    const policy = officeHours('America/New_York', { sla_clock: 'calendar' });
    expect(computeSlaDeadline(policy, 'LOW', '2025-03-08T12:00:00Z')).toBe('2025-03-11T12:00:00.000Z');
  });
});

describe('computeSlaDeadline on the business-hours clock', () => {
  const utc = officeHours('UTC');

  it('counts within one business day', () => {
    expect(computeSlaDeadline(utc, 'HIGH', '2025-01-08T10:00:00Z')).toBe('2025-01-08T12:00:00.000Z');
  });

  it('skips the weekend', () => {
    // Friday 16:00 + 120 business minutes: 60 on Friday, 60 on Monday.
    expect(computeSlaDeadline(utc, 'HIGH', '2025-01-10T16:00:00Z')).toBe('2025-01-13T10:00:00.000Z');
  });

  it('starts counting at the next opening when created outside business hours', () => {
    expect(computeSlaDeadline(utc, 'MEDIUM', '2025-01-11T12:00:00Z')).toBe('2025-01-13T09:30:00.000Z'); // Saturday
    expect(computeSlaDeadline(utc, 'MEDIUM', '2025-01-13T07:00:00Z')).toBe('2025-01-13T09:30:00.000Z'); // early
    expect(computeSlaDeadline(utc, 'MEDIUM', '2025-01-08T18:00:00Z')).toBe('2025-01-09T09:30:00.000Z'); // late
  });

  it('ends at closing time when the target fills the day exactly', () => {
    expect(computeSlaDeadline(utc, 'CRITICAL', '2025-01-10T16:00:00Z')).toBe('2025-01-10T17:00:00.000Z');
  });

  it('spans many business days (4320 minutes = nine 8-hour days)', () => {
    expect(computeSlaDeadline(utc, 'LOW', '2025-01-13T09:00:00Z')).toBe('2025-01-23T17:00:00.000Z');
  });

  it("uses the pack's time zone", () => {
    // Friday 15:30 in Tokyo (06:30Z): 90 minutes on Friday, 30 on Monday from 09:00 JST (00:00Z).
    expect(computeSlaDeadline(officeHours('Asia/Tokyo'), 'HIGH', '2025-01-10T06:30:00Z')).toBe(
      '2025-01-13T00:30:00.000Z',
    );
  });

  it('follows the local clock across a weekend with a DST change (spring forward)', () => {
    // New York moves from EST (-5) to EDT (-4) on Sunday 9 March 2025: Monday opens at 13:00Z.
    const newYork = officeHours('America/New_York');
    expect(computeSlaDeadline(newYork, 'HIGH', '2025-03-07T21:00:00Z')).toBe('2025-03-10T14:00:00.000Z');
  });

  it('follows the local clock across a weekend with a DST change (fall back)', () => {
    // EDT → EST on Sunday 2 November 2025: Monday opens at 14:00Z.
    const newYork = officeHours('America/New_York');
    expect(computeSlaDeadline(newYork, 'CRITICAL', '2025-10-31T20:30:00Z')).toBe('2025-11-03T14:30:00.000Z');
  });

  it('counts the real length of a business window that contains a DST change', () => {
    const sundayNights = officeHours('Europe/Berlin', {
      business_hours: { days: [7], start: '01:00', end: '05:00' },
      sla_targets: { CRITICAL: 210, HIGH: 270, MEDIUM: 30, LOW: 60 },
    });
    // 30 March 2025: 01:00 CET → 05:00 CEST is 3 real hours; the last 30 minutes fall a week later.
    expect(computeSlaDeadline(sundayNights, 'CRITICAL', '2025-03-29T23:00:00Z')).toBe(
      '2025-04-05T23:30:00.000Z',
    );
    // 26 October 2025: 01:00 CEST → 05:00 CET is 5 real hours, so 4.5 hours fit that night.
    expect(computeSlaDeadline(sundayNights, 'HIGH', '2025-10-25T22:00:00Z')).toBe('2025-10-26T03:30:00.000Z');
  });

  it('treats 00:00-24:00 every day like the calendar clock', () => {
    const always = officeHours('Europe/Berlin', {
      business_hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    });
    expect(computeSlaDeadline(always, 'LOW', '2025-03-28T16:00:00Z')).toBe('2025-03-31T16:00:00.000Z');
  });

  it('works on a validated policy pack', () => {
    const pack = parseConfigContent('policy-packs', structuredClone(examplePolicyPack));
    // Berlin, Mon-Fri 09-17, CRITICAL 60: Friday 16:30 CET (15:30Z) → Monday 09:30 CET (08:30Z).
    expect(computeSlaDeadline(pack, 'CRITICAL', '2025-01-10T15:30:00Z')).toBe('2025-01-13T08:30:00.000Z');
  });

  it('refuses a created time that is not an ISO-8601 instant', () => {
    expect(() => computeSlaDeadline(utc, 'HIGH', 'yesterday')).toThrow(RangeError);
  });
});
