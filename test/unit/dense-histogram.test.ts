import { describe, expect, it } from 'vitest';
import {
  DENSE_BYTES,
  DENSE_MAX_INDEX,
  addCounts,
  addEncoded,
  addSparse,
  countsQuantiles,
  decodeDense,
  emptyCounts,
  encodeDense,
} from '../../shared/telemetry/dense-histogram';
import {
  bucketOf,
  mergeInto,
  quantile,
  quantiles,
  record,
  type Histogram,
} from '../../shared/telemetry/latency-histogram';

// A deterministic pseudo-random source, so the test is repeatable.
function lcg(seed: number) {
  let state = seed;
  return () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** A histogram of `n` latencies spread from sub-millisecond to hours (log-uniform), some zero. */
function randomHistogram(random: () => number, n: number): Histogram {
  const histogram: Histogram = {};
  for (let index = 0; index < n; index++) {
    const roll = random();
    record(histogram, roll < 0.05 ? 0 : 10 ** (random() * 7.5 - 0.8));
  }
  return histogram;
}

describe('dense (fixed-size) latency histogram', () => {
  it('spans 1 ms to 100 s in 1% buckets, 2 bytes each', () => {
    expect(bucketOf(1)).toBe('0');
    expect(DENSE_MAX_INDEX).toBe(Number(bucketOf(100_000)));
    expect(DENSE_BYTES).toBe((DENSE_MAX_INDEX + 1) * 2);
    expect(DENSE_BYTES).toBeLessThan(1200);
  });

  it('has the same size for one event and for millions', () => {
    const small: Histogram = {};
    record(small, 60);
    const large: Histogram = {};
    for (let ms = 1; ms <= 100_000; ms += 7) record(large, ms, 50);
    expect(encodeDense(small).dense.byteLength).toBe(DENSE_BYTES);
    expect(encodeDense(large).dense.byteLength).toBe(DENSE_BYTES);
    expect(encodeDense(large).extra).toEqual({});
  });

  it('round-trips exactly, keeping what lies outside the span beside it', () => {
    const histogram: Histogram = {};
    for (const ms of [0, 0, 0.5, 1, 2, 59, 60, 61, 999, 99_999, 100_000, 7_200_000, 86_400_000]) {
      record(histogram, ms);
    }
    record(histogram, 42, 4_000_000_000);
    const encoded = encodeDense(histogram);
    expect(Object.keys(encoded.extra).sort()).toEqual(
      [bucketOf(0), bucketOf(0.5), bucketOf(42), bucketOf(7_200_000), bucketOf(86_400_000)].sort(),
    );
    expect(decodeDense(encoded)).toEqual(histogram);
    for (const q of [0.5, 0.95, 0.99]) expect(quantile(decodeDense(encoded), q)).toBe(quantile(histogram, q));
  });

  it('keeps a count beyond a slot exactly', () => {
    const histogram: Histogram = { '100': 65_536, '101': 65_535 };
    const encoded = encodeDense(histogram);
    expect(encoded.extra).toEqual({ '100': 65_536 });
    expect(decodeDense(encoded)).toEqual(histogram);
  });

  it('decodes a stored binary that is a view into a larger buffer', () => {
    const histogram: Histogram = { '3': 7, '500': 1 };
    const { dense } = encodeDense(histogram);
    const larger = new Uint8Array(DENSE_BYTES + 16);
    larger.set(dense, 8);
    expect(decodeDense({ dense: larger.subarray(8, 8 + DENSE_BYTES), extra: {} })).toEqual(histogram);
  });

  it('refuses a binary of the wrong size', () => {
    expect(() => decodeDense({ dense: new Uint8Array(12), extra: {} })).toThrow(/expected/);
  });

  it('merges and reads quantiles exactly as the sparse histograms do, in fixed time', () => {
    const random = lcg(7);
    const qs = [0, 0.01, 0.5, 0.9, 0.95, 0.99, 1];
    for (let trial = 0; trial < 40; trial++) {
      const parts = Array.from({ length: 1 + (trial % 5) }, () => randomHistogram(random, 1 + trial * 13));
      const merged: Histogram = {};
      const counts = emptyCounts();
      parts.forEach((part, index) => {
        mergeInto(merged, part);
        // Some parts arrive sparse, some sealed (encoded), some as accumulators.
        if (index % 3 === 0) addSparse(counts, part);
        else if (index % 3 === 1) addEncoded(counts, encodeDense(part));
        else addCounts(counts, addSparse(emptyCounts(), part));
      });
      expect(countsQuantiles(counts, qs)).toEqual(quantiles(merged, qs));
      expect(countsQuantiles(counts, [0.5])[0]).toBe(quantile(merged, 0.5));
    }
    expect(countsQuantiles(emptyCounts(), qs)).toEqual(qs.map(() => null));
  });
});
