import { describe, expect, it } from 'vitest';
import { Registry, Gauge, Counter } from 'prom-client';
import { parsePrometheusText, queueLagFromMetrics } from '../../shared/ops-workers/prometheus-text';

describe('parsePrometheusText', () => {
  it('reads what prom-client writes', async () => {
    const registry = new Registry();
    const lag = new Gauge({
      name: 'worker_queue_lag_messages',
      help: 'lag',
      labelNames: ['queue', 'worker_type'],
      registers: [registry],
    });
    lag.set({ queue: 'opsdeck-fleet-triage', worker_type: 'triage' }, 42);
    new Counter({ name: 'worker_messages_processed_total', help: 'x', registers: [registry] }).inc(7);
    const samples = parsePrometheusText(await registry.metrics());
    expect(samples).toContainEqual({ name: 'worker_messages_processed_total', labels: {}, value: 7 });
    expect(queueLagFromMetrics(samples)).toEqual({ 'opsdeck-fleet-triage': 42 });
  });

  it('handles escaped label values, timestamps and special values', () => {
    const samples = parsePrometheusText(
      ['# HELP x help', 'x{a="q\\"uote",b="line\\nbreak"} 1.5 1700000000000', 'y +Inf', 'z NaN'].join('\n'),
    );
    expect(samples[0]).toEqual({ name: 'x', labels: { a: 'q"uote', b: 'line\nbreak' }, value: 1.5 });
    expect(samples[1]!.value).toBe(Infinity);
    expect(Number.isNaN(samples[2]!.value)).toBe(true);
  });

  it('skips garbage instead of throwing', () => {
    const samples = parsePrometheusText(
      '<html>oops</html>\n{{{ 12\nworker_queue_lag_messages{queue="q"} abc\nok 3',
    );
    expect(samples).toEqual([{ name: 'ok', labels: {}, value: 3 }]);
    expect(queueLagFromMetrics(parsePrometheusText('worker_queue_lag_messages{queue="q"} -4'))).toEqual({});
  });
});
