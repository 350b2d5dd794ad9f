import { describe, expect, it } from 'vitest';
import { emptyMetrics, makeErrors, makeLatency, makeThroughput } from '../../../testing/ops-fixtures';
import {
  errorRateRows,
  hasData,
  latencyRows,
  throughputRows,
  totalEvents,
  workerTypeLabel,
  workerTypeSeries,
} from './worker-series';

describe('worker series', () => {
  it('puts one column per worker type in each time bucket', () => {
    const rows = throughputRows(makeThroughput([1.5, 2.5]));

    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ t: '2025-03-01T11:59:00.000Z', intake: 1.5, policy: 2.5 });
    expect(typeof rows[0]!.label).toBe('string');
  });

  it('leaves a gap where a worker type has no bucket', () => {
    const response = makeThroughput();
    response.items[1]!.series = response.items[1]!.series.slice(1);

    expect(throughputRows(response)[0]).toMatchObject({ intake: 1, policy: null });
  });

  it('draws p50, p95 and p99 of one worker type, and nothing for a type without data', () => {
    expect(latencyRows(makeLatency(), 'intake')[1]).toMatchObject({ p50: 12, p95: 40, p99: 90 });
    expect(latencyRows(makeLatency(), 'policy')).toEqual([]);
  });

  it('reads error rates in percent', () => {
    expect(errorRateRows(makeErrors()).map((row) => row.intake)).toEqual([0, 2.5]);
  });

  it('gives each worker type a stable colour and a readable name', () => {
    const series = workerTypeSeries(makeThroughput());
    expect(series.map((s) => [s.key, s.label])).toEqual([
      ['intake', 'Intake'],
      ['policy', 'Policy'],
    ]);
    expect(series[0]!.color).toBe('var(--chart-1)');
    expect(workerTypeLabel('sla_monitor')).toBe('SLA monitor');
  });

  it('knows when there is nothing to draw, and sums the events of a type', () => {
    expect(hasData(throughputRows(emptyMetrics()), ['intake'])).toBe(false);
    expect(hasData(throughputRows(makeThroughput()), ['intake'])).toBe(true);
    expect(totalEvents(makeThroughput(), 'intake')).toBe(150);
    expect(totalEvents(makeThroughput(), 'tool')).toBe(0);
  });
});
