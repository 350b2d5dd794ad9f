/**
 * Mergeable logarithmic latency histograms (the DDSketch scheme). A latency v > 0 ms falls in
 * bucket i = ceil(log_γ(v)) with γ = (1 + α) / (1 − α); the bucket is represented by
 * 2γ^i / (γ + 1), which is within a relative error α of every value in the bucket. With
 * α = 0.01 every quantile read from a histogram is within 1% of the true value (plus the rank
 * error of the quantile itself). Histograms merge by adding counts bucket by bucket, so minute
 * histograms add up to hours and days, and shards add up to a worker type, without loss.
 * Latencies below 1 µs share the zero bucket.
 */

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_VALUE_MS = 0.001;
/** The bucket key for latencies under MIN_VALUE_MS. */
export const ZERO_BUCKET = 'z';

/** Bucket counts keyed by bucket index (as a string) or ZERO_BUCKET. */
export type Histogram = Record<string, number>;

/** The bucket a latency (in milliseconds) falls into. */
export function bucketOf(valueMs: number): string {
  if (!(valueMs >= MIN_VALUE_MS)) return ZERO_BUCKET;
  return String(Math.ceil(Math.log(valueMs) / LOG_GAMMA));
}

/** The representative value of a bucket, in milliseconds. */
export function bucketValue(bucket: string): number {
  if (bucket === ZERO_BUCKET) return 0;
  return (2 * GAMMA ** Number(bucket)) / (GAMMA + 1);
}

/** Adds one latency to a histogram (mutates it). */
export function record(histogram: Histogram, valueMs: number, count = 1): void {
  const bucket = bucketOf(valueMs);
  histogram[bucket] = (histogram[bucket] ?? 0) + count;
}

/** Adds `source` into `target` (mutates target). */
export function mergeInto(target: Histogram, source: Histogram): Histogram {
  for (const [bucket, count] of Object.entries(source)) target[bucket] = (target[bucket] ?? 0) + count;
  return target;
}

export const totalCount = (histogram: Histogram): number =>
  Object.values(histogram).reduce((sum, count) => sum + count, 0);

/** Bucket keys in the order of their values: the zero bucket, then by index. */
export function orderedBuckets(histogram: Histogram): string[] {
  const indexed = Object.keys(histogram).map((bucket) => ({
    bucket,
    order: bucket === ZERO_BUCKET ? -Infinity : Number(bucket),
  }));
  indexed.sort((a, b) => a.order - b.order);
  return indexed.map((entry) => entry.bucket);
}

/**
 * Reads quantiles (each 0 ≤ q ≤ 1) from bucket counts visited in the order of their values,
 * `total` being their sum: for each q the representative value of the bucket holding the value of
 * rank ⌈q·(n−1)⌉ (0-based), as DDSketch does; nulls when nothing was counted. `visit` says when
 * every quantile is found, so callers can stop early. A plain visitor, not an iterator: the dense
 * accumulator drives it over hundreds of slots per bucket on the metrics read path.
 */
export function quantileWalker(total: number, qs: readonly number[]) {
  const wanted = qs
    .map((q, position) => ({ rank: Math.ceil(q * (total - 1)), position }))
    .sort((a, b) => a.rank - b.rank);
  const found: (number | null)[] = qs.map(() => null);
  let seen = 0;
  let next = 0;
  let last: string | null = null;
  return {
    /** Counts one bucket; true once every quantile is found. */
    visit(bucket: string, count: number): boolean {
      if (count === 0) return next === wanted.length;
      last = bucket;
      seen += count;
      while (next < wanted.length && seen > wanted[next]!.rank) {
        found[wanted[next]!.position] = bucketValue(bucket);
        next += 1;
      }
      return next === wanted.length;
    },
    result(): (number | null)[] {
      if (total === 0 || last === null) return qs.map(() => null);
      const top = bucketValue(last);
      return found.map((value) => value ?? top);
    },
  };
}

/** Several quantiles of the recorded latencies in one pass (see `quantileWalker`). */
export function quantiles(histogram: Histogram, qs: readonly number[]): (number | null)[] {
  const walker = quantileWalker(totalCount(histogram), qs);
  for (const bucket of orderedBuckets(histogram)) if (walker.visit(bucket, histogram[bucket]!)) break;
  return walker.result();
}

/** The q-quantile (0 ≤ q ≤ 1) of the recorded latencies, or null for an empty histogram. */
export const quantile = (histogram: Histogram, q: number): number | null => quantiles(histogram, [q])[0]!;
