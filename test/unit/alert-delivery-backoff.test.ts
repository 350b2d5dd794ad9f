import { describe, expect, it } from 'vitest';
import { backoffCapMs, nextAttempt, type BackoffPolicy } from '../../shared/alerts/delivery-backoff';

const aws: BackoffPolicy = { baseMs: 30_000, maxMs: 6 * 3600_000, horizonMs: 86_400_000, maxAttempts: 30 };

describe('notification backoff', () => {
  it('doubles the cap from the base up to the maximum', () => {
    expect([1, 2, 3, 4].map((n) => backoffCapMs(aws, n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffCapMs(aws, 20)).toBe(6 * 3600_000);
    expect(backoffCapMs(aws, 1000)).toBe(6 * 3600_000);
  });

  it('draws a full-jitter delay in [0, cap]', () => {
    expect(nextAttempt(aws, 3, 0, 0, () => 0)).toEqual({ retry: true, delayMs: 0 });
    expect(nextAttempt(aws, 3, 0, 0, () => 0.5)).toEqual({ retry: true, delayMs: 60_000 });
    expect(nextAttempt(aws, 3, 0, 0, () => 0.999999)).toEqual({ retry: true, delayMs: 119_999 });
  });

  it('places the last retry on the horizon and stops after it', () => {
    const start = 1_000_000;
    const nearEnd = start + aws.horizonMs - 5_000;
    expect(nextAttempt(aws, 12, start, nearEnd, () => 0.9)).toEqual({ retry: true, delayMs: 5_000 });
    expect(nextAttempt(aws, 13, start, start + aws.horizonMs, () => 0.9)).toEqual({ retry: false });
    expect(nextAttempt(aws, 30, start, start, () => 0.9)).toEqual({ retry: false });
  });

  it('keeps retrying a dead receiver for at least 24 hours in AWS (simulated with random jitter)', () => {
    for (let run = 0; run < 200; run++) {
      let now = 0;
      let attempt = 1;
      for (;;) {
        const next = nextAttempt(aws, attempt, 0, now);
        if (!next.retry) break;
        now += next.delayMs;
        attempt += 1;
      }
      expect(now).toBeGreaterThanOrEqual(aws.horizonMs);
      expect(attempt).toBeLessThanOrEqual(aws.maxAttempts);
    }
  });

  it('compresses to seconds with the local settings', () => {
    const local: BackoffPolicy = { baseMs: 500, maxMs: 4000, horizonMs: 120_000, maxAttempts: 10 };
    let total = 0;
    let attempt = 1;
    for (;;) {
      const next = nextAttempt(local, attempt, 0, total, () => 1);
      if (!next.retry) break;
      total += next.delayMs;
      attempt += 1;
    }
    expect(attempt).toBe(10);
    expect(total).toBe(500 + 1000 + 2000 + 4000 * 6);
  });
});
