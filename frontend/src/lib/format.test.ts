import { describe, expect, it } from 'vitest';
import {
  formatCompactDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatShortDuration,
  formatTickNumber,
} from './format';

describe('format', () => {
  it('gives durations in their two largest units, negative ones with a minus', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
    expect(formatDuration(-90_000)).toBe('−1 min 30 s');
    expect(formatDuration(null)).toBe('—');
  });

  it('gives axis ticks in one short unit', () => {
    expect(formatShortDuration(30_000)).toBe('30 s');
    expect(formatShortDuration(45 * 60_000)).toBe('45 min');
    expect(formatShortDuration(90 * 60_000)).toBe('1.5 h');
    expect(formatShortDuration(2 * 86_400_000)).toBe('2 d');
  });

  it('leaves out the current year in compact times', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    expect(formatCompactDateTime('2025-03-01T10:15:00Z', now)).not.toContain('2025');
    expect(formatCompactDateTime('2024-03-01T10:15:00Z', now)).toContain('2024');
    expect(formatCompactDateTime('not a time', now)).toBe('not a time');
  });

  it('gives percentages with one decimal', () => {
    expect(formatPercent(85.66)).toBe('85.7 %');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatTickNumber', () => {
  it('keeps close ticks of a small scale distinct', () => {
    const ticks = [0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03].map(formatTickNumber);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(formatTickNumber(0.015)).toMatch(/^0[.,]015$/);
  });

  it('formats values from 1 up like formatNumber', () => {
    expect(formatTickNumber(1234.567)).toBe(formatNumber(1234.567));
    expect(formatTickNumber(0)).toBe(formatNumber(0));
  });
});
