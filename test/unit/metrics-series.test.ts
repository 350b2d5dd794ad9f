import { describe, expect, it } from 'vitest';
import { record, type Histogram } from '../../shared/telemetry/latency-histogram';
import { alignBuckets, errorsOf, latencyOf, throughputOf } from '../../shared/ops-workers/metrics-series';
import { resolveMetricWindow } from '../../shared/ops-workers/metrics-window';

const now = new Date('2026-11-28T10:05:00.000Z');
const window = resolveMetricWindow({ range: '5m' }, now);

function histogramOf(values: number[]): Histogram {
  const histogram: Histogram = {};
  for (const value of values) record(histogram, value);
  return histogram;
}

const latencies = Array.from({ length: 1000 }, (_, i) => i + 1);
const buckets = alignBuckets(window, [
  {
    bucketStart: '2026-11-28T10:01:00.000Z',
    count: 600,
    failures: 6,
    retries: 3,
    latencySumMs: latencies.slice(0, 600).reduce((a, b) => a + b, 0),
    histogram: histogramOf(latencies.slice(0, 600)),
  },
  {
    bucketStart: '2026-11-28T10:03:00.000Z',
    count: 400,
    failures: 14,
    retries: 0,
    latencySumMs: latencies.slice(600).reduce((a, b) => a + b, 0),
    histogram: histogramOf(latencies.slice(600)),
  },
]);

describe('metrics series', () => {
  it('gives every bucket of the window a point', () => {
    expect(buckets.map((b) => b.bucketStart)).toEqual([
      '2026-11-28T10:00:00.000Z',
      '2026-11-28T10:01:00.000Z',
      '2026-11-28T10:02:00.000Z',
      '2026-11-28T10:03:00.000Z',
      '2026-11-28T10:04:00.000Z',
    ]);
  });

  it('computes throughput per second over the window and per bucket', () => {
    const result = throughputOf(window, buckets);
    expect(result.current).toEqual({ events_per_second: 3.333, events: 1000 });
    expect(result.series[1]).toEqual({ t: '2026-11-28T10:01:00.000Z', events_per_second: 10, events: 600 });
    expect(result.series[0]!.events_per_second).toBe(0);
  });

  it('merges histograms for percentiles within 1% of the exact values', () => {
    const { current, series } = latencyOf(window, buckets);
    for (const [figure, exact] of [
      [current.p50_ms, 500],
      [current.p95_ms, 950],
      [current.p99_ms, 990],
    ] as const) {
      expect(Math.abs(figure! - exact) / exact).toBeLessThanOrEqual(0.011);
    }
    expect(current.mean_ms).toBe(500.5);
    expect(series[0]).toMatchObject({ p50_ms: null, events: 0 });
  });

  it('computes error rates in percent', () => {
    const result = errorsOf(window, buckets);
    expect(result.current).toEqual({ error_rate_pct: 2, failures: 20, retries: 3, events: 1000 });
    expect(result.series[3]!.error_rate_pct).toBe(3.5);
    expect(result.series[0]!.error_rate_pct).toBe(0);
  });
});
