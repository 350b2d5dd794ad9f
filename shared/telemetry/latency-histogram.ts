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

/**
 * The q-quantile (0 ≤ q ≤ 1) of the recorded latencies, or null for an empty histogram: the
 * representative value of the bucket holding the value of rank ⌈q·(n−1)⌉ (0-based), as DDSketch does.
 */
export function quantile(histogram: Histogram, q: number): number | null {
  const total = totalCount(histogram);
  if (total === 0) return null;
  const rank = Math.ceil(q * (total - 1));
  const buckets = Object.keys(histogram).sort((a, b) => bucketValue(a) - bucketValue(b));
  let seen = 0;
  for (const bucket of buckets) {
    seen += histogram[bucket]!;
    if (seen > rank) return bucketValue(bucket);
  }
  return bucketValue(buckets.at(-1)!);
}
