import {
  addCounts,
  addEncoded,
  addSparse,
  countsQuantiles,
  emptyCounts,
  type DenseCounts,
} from '../telemetry/dense-histogram';
import type { AggregateBucket } from '../telemetry/aggregate-repository';
import type { MetricWindow } from './metrics-window';

/**
 * Chart series and current values from aggregate buckets (pure). Every bucket of the window gets
 * a point (empty buckets count zero), so that charts have a regular time axis.
 */

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

const emptyBucket = (bucketStart: string): AggregateBucket => ({
  bucketStart,
  count: 0,
  failures: 0,
  retries: 0,
  latencySumMs: 0,
  histogram: {},
});

/** One bucket per start of the window, merged with what the aggregates hold. */
export function alignBuckets(window: MetricWindow, buckets: readonly AggregateBucket[]): AggregateBucket[] {
  const byStart = new Map(buckets.map((bucket) => [bucket.bucketStart, bucket]));
  return window.bucketStarts.map((start) => byStart.get(start) ?? emptyBucket(start));
}

/** Seconds of the window a bucket covers (the first and last may be partial). */
function coveredSeconds(window: MetricWindow, bucketStart: string): number {
  const start = Math.max(Date.parse(bucketStart), window.from.getTime());
  const end = Math.min(Date.parse(bucketStart) + window.stepSeconds * 1000, window.to.getTime());
  return Math.max(1, (end - start) / 1000);
}

const windowSeconds = (window: MetricWindow) =>
  Math.max(1, (window.to.getTime() - window.from.getTime()) / 1000);

const totals = (buckets: readonly AggregateBucket[]) => {
  let count = 0;
  let failures = 0;
  let retries = 0;
  let latencySumMs = 0;
  for (const bucket of buckets) {
    count += bucket.count;
    failures += bucket.failures;
    retries += bucket.retries;
    latencySumMs += bucket.latencySumMs;
  }
  return { count, failures, retries, latencySumMs };
};

/** Fills `scratch` with a bucket's latency counts, sparse and sealed parts together. */
function latencyCounts(bucket: AggregateBucket, scratch: DenseCounts): DenseCounts {
  scratch.slots.fill(0);
  scratch.outside = {};
  addSparse(scratch, bucket.histogram);
  return bucket.sealed ? addEncoded(scratch, bucket.sealed) : scratch;
}

export function throughputOf(window: MetricWindow, buckets: readonly AggregateBucket[]) {
  const all = totals(buckets);
  return {
    current: { events_per_second: round(all.count / windowSeconds(window)), events: all.count },
    series: buckets.map((bucket) => ({
      t: bucket.bucketStart,
      events_per_second: round(bucket.count / coveredSeconds(window, bucket.bucketStart)),
      events: bucket.count,
    })),
  };
}

const latencyFigures = (counts: DenseCounts, count: number, latencySumMs: number) => {
  const [p50, p95, p99] = countsQuantiles(counts, [0.5, 0.95, 0.99]).map((value) =>
    value === null ? null : round(value, 2),
  );
  return {
    p50_ms: p50!,
    p95_ms: p95!,
    p99_ms: p99!,
    mean_ms: count === 0 ? null : round(latencySumMs / count, 2),
    events: count,
  };
};

/**
 * Percentiles per bucket and over the window, merged in fixed-size accumulators: the work per
 * bucket does not depend on how many latency buckets its events occupied.
 */
export function latencyOf(_window: MetricWindow, buckets: readonly AggregateBucket[]) {
  const all = totals(buckets);
  const window = emptyCounts();
  const scratch = emptyCounts();
  const series = buckets.map((bucket) => {
    const counts = latencyCounts(bucket, scratch);
    addCounts(window, counts);
    return { t: bucket.bucketStart, ...latencyFigures(counts, bucket.count, bucket.latencySumMs) };
  });
  return { current: latencyFigures(window, all.count, all.latencySumMs), series };
}

const errorFigures = (count: number, failures: number, retries: number) => ({
  error_rate_pct: count === 0 ? 0 : round((failures / count) * 100),
  failures,
  retries,
  events: count,
});

export function errorsOf(_window: MetricWindow, buckets: readonly AggregateBucket[]) {
  const all = totals(buckets);
  return {
    current: errorFigures(all.count, all.failures, all.retries),
    series: buckets.map((bucket) => ({
      t: bucket.bucketStart,
      ...errorFigures(bucket.count, bucket.failures, bucket.retries),
    })),
  };
}
