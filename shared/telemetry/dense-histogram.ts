import { bucketOf, orderedBuckets, quantileWalker, ZERO_BUCKET, type Histogram } from './latency-histogram';

/**
 * A fixed-size encoding of a latency histogram, for the sealed hourly aggregates (pure).
 *
 * The live aggregates keep a histogram sparsely (one attribute per occupied 1 % bucket), which is
 * right for writes (atomic ADD per bucket) but makes an item grow with traffic until the latency
 * distribution is covered. A sealed hour instead stores the counts of every bucket from 1 ms to
 * 100 s (index 0 … DENSE_MAX_INDEX, 577 buckets) as little-endian uint16s: always DENSE_BYTES
 * (1,154) bytes, so the cost of reading an hour does not depend on how many events it holds.
 * Whatever does not fit — latencies under 1 ms (the zero bucket) or over 100 s, a bucket with more
 * than 65,535 events in the hour — is kept exactly, sparsely, beside it: nothing for ordinary
 * traffic, a few buckets for a very busy hour. Encoding and decoding are lossless.
 */

/** The bucket of 100 s: the largest latency the dense part holds. */
export const DENSE_MAX_INDEX = Number(bucketOf(100_000));
const SLOTS = DENSE_MAX_INDEX + 1;
const SLOT_BYTES = 2;
export const DENSE_BYTES = SLOTS * SLOT_BYTES;
const SLOT_MAX = 0xffff;

export interface DenseHistogram {
  /** Counts of buckets 0 … DENSE_MAX_INDEX, uint16 little-endian. */
  dense: Uint8Array;
  /** Buckets outside the dense span, or whose count exceeds a slot, exactly. */
  extra: Histogram;
}

const denseIndex = (bucket: string): number | null => {
  if (!/^\d+$/.test(bucket)) return null;
  const index = Number(bucket);
  return index <= DENSE_MAX_INDEX ? index : null;
};

export function encodeDense(histogram: Histogram): DenseHistogram {
  const dense = new Uint8Array(DENSE_BYTES);
  const view = new DataView(dense.buffer);
  const extra: Histogram = {};
  for (const [bucket, count] of Object.entries(histogram)) {
    if (count === 0) continue;
    const index = denseIndex(bucket);
    if (index === null || count > SLOT_MAX || !Number.isInteger(count) || count < 0) {
      extra[bucket] = (extra[bucket] ?? 0) + count;
    } else {
      view.setUint16(index * SLOT_BYTES, count, true);
    }
  }
  return { dense, extra };
}

/** The stored slots of an encoded histogram (which may be a view into a larger buffer). */
function slotsOf(dense: Uint8Array): { count(index: number): number } {
  if (dense.byteLength !== DENSE_BYTES) {
    throw new Error(`A dense histogram has ${dense.byteLength} bytes; expected ${DENSE_BYTES}.`);
  }
  const view = new DataView(dense.buffer, dense.byteOffset, dense.byteLength);
  return { count: (index) => view.getUint16(index * SLOT_BYTES, true) };
}

export function decodeDense(encoded: DenseHistogram): Histogram {
  const slots = slotsOf(encoded.dense);
  const histogram: Histogram = {};
  for (let index = 0; index < SLOTS; index++) {
    const count = slots.count(index);
    if (count > 0) histogram[String(index)] = count;
  }
  for (const [bucket, count] of Object.entries(encoded.extra)) {
    histogram[bucket] = (histogram[bucket] ?? 0) + count;
  }
  return histogram;
}

/**
 * An accumulator for merging many histograms and reading quantiles from the result in time that
 * does not depend on how many buckets are occupied: the dense span as float64 counts, anything
 * outside it sparsely. Sealed hours are added straight from their encoding, without decoding.
 */
export interface DenseCounts {
  slots: Float64Array;
  outside: Histogram;
}

export const emptyCounts = (): DenseCounts => ({ slots: new Float64Array(SLOTS), outside: {} });

/** Adds a sparse histogram (mutates target). */
export function addSparse(target: DenseCounts, histogram: Histogram): DenseCounts {
  for (const [bucket, count] of Object.entries(histogram)) {
    const index = denseIndex(bucket);
    if (index === null) target.outside[bucket] = (target.outside[bucket] ?? 0) + count;
    else target.slots[index]! += count;
  }
  return target;
}

/** Adds an encoded dense histogram (mutates target). */
export function addEncoded(target: DenseCounts, encoded: DenseHistogram): DenseCounts {
  const slots = slotsOf(encoded.dense);
  for (let index = 0; index < SLOTS; index++) target.slots[index]! += slots.count(index);
  return addSparse(target, encoded.extra);
}

/** Adds another accumulator (mutates target). */
export function addCounts(target: DenseCounts, source: DenseCounts): DenseCounts {
  for (let index = 0; index < SLOTS; index++) target.slots[index]! += source.slots[index]!;
  return addSparse(target, source.outside);
}

/** The same quantiles as `quantiles` of latency-histogram.ts, over the accumulated counts. */
export function countsQuantiles(counts: DenseCounts, qs: readonly number[]): (number | null)[] {
  let total = 0;
  for (let index = 0; index < SLOTS; index++) total += counts.slots[index]!;
  for (const count of Object.values(counts.outside)) total += count;
  const walker = quantileWalker(total, qs);
  // In the order of their values: below the dense span, the span, above it.
  const outside = orderedBuckets(counts.outside);
  const isBelow = (bucket: string) => bucket === ZERO_BUCKET || Number(bucket) < 0;
  let done = false;
  for (const bucket of outside.filter(isBelow)) done ||= walker.visit(bucket, counts.outside[bucket]!);
  for (let index = 0; index < SLOTS && !done; index++)
    done = walker.visit(String(index), counts.slots[index]!);
  for (const bucket of outside.filter((bucket) => !isBelow(bucket))) {
    if (done) break;
    done = walker.visit(bucket, counts.outside[bucket]!);
  }
  return walker.result();
}
