import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors/typed-errors';
import { resolveMetricWindow } from '../../shared/ops-workers/metrics-window';

const now = new Date('2026-11-28T10:30:20.000Z');

describe('resolveMetricWindow', () => {
  it('charts 5m and 1h per minute, 24h and 7d per hour, including the current bucket', () => {
    expect(resolveMetricWindow({ range: '5m' }, now)).toMatchObject({
      granularity: 'minute',
      stepSeconds: 60,
    });
    expect(resolveMetricWindow({ range: '5m' }, now).bucketStarts).toHaveLength(6);
    expect(resolveMetricWindow({ range: '1h' }, now).bucketStarts).toHaveLength(61);
    const day = resolveMetricWindow({ range: '24h' }, now);
    expect(day).toMatchObject({ granularity: 'hour', stepSeconds: 3600 });
    expect(day.bucketStarts[0]).toBe('2026-11-27T10:00:00.000Z');
    expect(day.bucketStarts.at(-1)).toBe('2026-11-28T10:00:00.000Z');
    expect(resolveMetricWindow({ range: '7d' }, now).bucketStarts).toHaveLength(169);
  });

  it('defaults to the last hour', () => {
    expect(resolveMetricWindow({}, now)).toMatchObject({ range: '1h', granularity: 'minute' });
  });

  it('picks the step for from/to by span and falls back to hours where minutes have expired', () => {
    const short = resolveMetricWindow({ from: '2026-11-28T09:00:00Z', to: '2026-11-28T10:00:00Z' }, now);
    expect(short).toMatchObject({ range: null, granularity: 'minute' });
    expect(short.bucketStarts).toHaveLength(60);
    const long = resolveMetricWindow({ from: '2026-11-20T00:00:00Z', to: '2026-11-28T00:00:00Z' }, now);
    expect(long.granularity).toBe('hour');
    const old = resolveMetricWindow({ from: '2026-11-10T09:00:00Z', to: '2026-11-10T10:00:00Z' }, now);
    expect(old.granularity).toBe('hour');
  });

  it.each([
    [{ from: '2026-11-28T10:00:00Z', to: '2026-11-28T09:00:00Z' }, 'must be before to'],
    [{ from: '2026-11-28T10:00:00Z', to: '2026-11-28T10:00:00Z' }, 'must be before to'],
    [{ from: '2026-08-01T00:00:00Z', to: '2026-08-02T00:00:00Z' }, 'beyond the retention'],
    [{ range: '1h' as const, from: '2026-11-28T09:00:00Z' }, 'cannot be combined'],
    [{ to: '2026-11-28T09:00:00Z' }, 'is required with to'],
  ])('rejects %j', (query, message) => {
    expect(() => resolveMetricWindow(query, now)).toThrow(ValidationError);
    expect(() => resolveMetricWindow(query, now)).toThrow(message);
  });
});
