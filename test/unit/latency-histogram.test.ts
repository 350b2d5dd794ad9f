import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  bucketValue,
  mergeInto,
  quantile,
  record,
  totalCount,
  type Histogram,
} from '../../shared/telemetry/latency-histogram';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.ceil(q * (sorted.length - 1))]!;
}

// A deterministic pseudo-random source, so the test is repeatable.
function lcg(seed: number) {
  let state = seed;
  return () => (state = (state * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

describe('logarithmic latency histogram', () => {
  it('represents every value of a bucket within 1%', () => {
    for (const value of [0.002, 0.5, 1, 7.3, 99, 1234.5, 60_000, 3_600_000]) {
      const represented = bucketValue(bucketOf(value));
      expect(Math.abs(represented - value) / value).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    expect(bucketValue(bucketOf(0))).toBe(0);
  });

  it('reads p50–p99 within 1% of the exact values on a skewed distribution', () => {
    const random = lcg(42);
    const values = Array.from({ length: 20_000 }, () =>
      Math.exp(3 + 1.2 * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random())),
    );
    const histogram: Histogram = {};
    values.forEach((value) => record(histogram, value));
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.5, 0.75, 0.9, 0.95, 0.99]) {
      const estimate = quantile(histogram, q)!;
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(estimate - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.01);
    }
  });

  it('merges without loss: the merge of parts equals the histogram of the whole', () => {
    const random = lcg(7);
    const values = Array.from({ length: 5_000 }, () => random() * 500);
    const whole: Histogram = {};
    const parts: Histogram[] = [{}, {}, {}];
    values.forEach((value, index) => {
      record(whole, value);
      record(parts[index % 3]!, value);
    });
    const merged = parts.reduce((target, part) => mergeInto(target, part), {} as Histogram);
    expect(merged).toEqual(whole);
    expect(totalCount(merged)).toBe(5_000);
    expect(quantile(merged, 0.99)).toBe(quantile(whole, 0.99));
  });

  it('answers null for an empty histogram', () => {
    expect(quantile({}, 0.5)).toBeNull();
  });
});
