import { describe, expect, it } from 'vitest';
import { exceptionSchema } from '../../shared/ingest/ingest-schemas';
import { drawArrivals } from '../../infra/local/fleet/exception-generator';
import { seededRandom } from '../../infra/local/fleet/random';
import {
  CLOSED_ACCOUNT,
  createSyntheticException,
  UNKNOWN_CURRENCY,
} from '../../infra/local/fleet/synthetic-exceptions';
import { workItemSchema } from '../../infra/local/fleet/work-item';

const now = new Date('2026-03-02T10:00:00.000Z');

function draw(count: number, seed = 7, poisonFraction = 0) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) =>
    createSyntheticException({ tenantId: index % 2 ? 'globex' : 'acme', now, random, poisonFraction }),
  );
}

describe('synthetic exceptions', () => {
  it('are work items whose exception, once OPEN, satisfies the ingest contract', () => {
    // Act
    const items = draw(500);
    // Assess
    for (const item of items) {
      expect(workItemSchema.parse(item)).toEqual(item);
      expect(exceptionSchema.safeParse({ ...item.exception, status: 'OPEN' }).success).toBe(true);
      const age = now.getTime() - Date.parse(item.exception.created_at);
      expect(age).toBeGreaterThanOrEqual(5_000);
      expect(age).toBeLessThanOrEqual(20 * 3_600_000);
    }
    expect(new Set(items.map((item) => item.exception.exception_id)).size).toBe(500);
    expect(new Set(items.map((item) => item.exception.tenant_id))).toEqual(new Set(['acme', 'globex']));
  });

  it('replay from the same seed and differ across seeds', () => {
    expect(draw(20, 42)).toEqual(draw(20, 42));
    expect(draw(20, 42)).not.toEqual(draw(20, 43));
  });

  it('draw severities by weight: mostly LOW and MEDIUM, a few CRITICAL', () => {
    const counts = new Map<string, number>();
    for (const item of draw(10_000))
      counts.set(item.exception.severity, (counts.get(item.exception.severity) ?? 0) + 1);
    expect(counts.get('MEDIUM')! / 10_000).toBeCloseTo(0.4, 1);
    expect(counts.get('LOW')! / 10_000).toBeCloseTo(0.35, 1);
    expect(counts.get('CRITICAL')! / 10_000).toBeGreaterThan(0.03);
    expect(counts.get('CRITICAL')! / 10_000).toBeLessThan(0.07);
    expect(new Set(draw(2_000).map((item) => item.exception.type)).size).toBe(6);
  });

  it('carry a poison defect in about the requested share', () => {
    const items = draw(10_000, 3, 0.05);
    const poisoned = items.filter(
      (item) =>
        item.details.reference === '' ||
        item.details.currency === UNKNOWN_CURRENCY ||
        item.details.customer_id === CLOSED_ACCOUNT,
    );
    expect(poisoned.length / items.length).toBeGreaterThan(0.04);
    expect(poisoned.length / items.length).toBeLessThan(0.06);
    expect(draw(2_000, 3, 0).some((item) => item.details.reference === '')).toBe(false);
  });
});

describe('arrivals', () => {
  it('average the configured rate per tenant', () => {
    // Prepare: 0.5 exceptions/s per tenant, 250 ms ticks, for 2 000 simulated seconds.
    const random = seededRandom(11);
    let total = 0;
    const perTenant = new Map<string, number>();
    // Act
    for (let tick = 0; tick < 8_000; tick += 1) {
      for (const item of drawArrivals(['acme', 'globex'], 0.5, 250, 0, random, now)) {
        total += 1;
        perTenant.set(item.exception.tenant_id, (perTenant.get(item.exception.tenant_id) ?? 0) + 1);
      }
    }
    // Assess: 2 tenants × 0.5/s × 2 000 s = 2 000 expected.
    expect(total).toBeGreaterThan(1_850);
    expect(total).toBeLessThan(2_150);
    expect(perTenant.get('acme')).toBeGreaterThan(900);
    expect(perTenant.get('globex')).toBeGreaterThan(900);
  });

  it('are none at rate 0', () => {
    expect(drawArrivals(['acme'], 0, 250, 0, seededRandom(1), now)).toEqual([]);
  });
});
