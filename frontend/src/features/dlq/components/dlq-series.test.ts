import { describe, expect, it } from 'vitest';
import { makeDlqStats } from '../../../testing/ops-fixtures';
import { groupCount, growthRows } from './dlq-series';

describe('DLQ series', () => {
  it('gives received and running total per day', () => {
    const rows = growthRows(makeDlqStats());
    expect(rows.map((row) => [row.received, row.total])).toEqual([
      [2, 2],
      [3, 5],
    ]);
    expect(rows[1]!.label).toMatch(/01/);
  });

  it('reads the count of a group, 0 when absent', () => {
    expect(groupCount(makeDlqStats(), 'pending')).toBe(3);
    expect(groupCount(makeDlqStats(), 'failed')).toBe(0);
  });

  it('has no rows without growth', () => {
    expect(growthRows(makeDlqStats({ growth: [] }))).toEqual([]);
  });
});
