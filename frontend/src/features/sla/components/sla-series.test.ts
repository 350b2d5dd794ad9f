import { describe, expect, it } from 'vitest';
import { makeCompliance, makeResolution } from '../../../testing/ops-fixtures';
import { breachRows, complianceRows, hasDecisions, resolutionRows } from './sla-series';

describe('SLA series', () => {
  it('gives the compliance rate per bucket, rounded to one decimal', () => {
    const rows = complianceRows(makeCompliance());
    expect(rows.map((row) => row.rate)).toEqual([90, 90]);
    expect(rows[0]).toMatchObject({ label: expect.stringContaining('28'), previous: null });
  });

  it('leaves a gap for a bucket where nothing was decided', () => {
    const compliance = makeCompliance();
    compliance.buckets[0] = {
      ...compliance.buckets[0]!,
      met: 0,
      breached: 0,
      total: 0,
      compliance_rate: null,
    };
    expect(complianceRows(compliance)[0]!.rate).toBeNull();
    expect(hasDecisions(compliance)).toBe(true);
    compliance.buckets = [compliance.buckets[0]!];
    expect(hasDecisions(compliance)).toBe(false);
  });

  it('counts breached and met per bucket', () => {
    expect(breachRows(makeCompliance()).map((row) => [row.breached, row.met])).toEqual([
      [1, 9],
      [2, 18],
    ]);
  });

  it('gives resolution times per severity in minutes, in severity order, skipping empty ones', () => {
    expect(resolutionRows(makeResolution())).toEqual([
      { label: 'LOW', average: 120, p50: 100, p90: 150, count: 4 },
      { label: 'HIGH', average: 30, p50: 25, p90: 33.33, count: 2 },
    ]);
  });
});
