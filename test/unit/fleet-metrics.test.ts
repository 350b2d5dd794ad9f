import { describe, expect, it } from 'vitest';
import { createWorkerMetrics, METRIC_NAMES } from '../../infra/local/fleet/worker-metrics';

/** Sample lines of a Prometheus text exposition (0.0.4), checked line by line; throws on anything else. */
function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') typed.add(meta[2]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]!] = pair[2]!;
    const value = Number(sample[3] === '+Inf' ? Infinity : sample[3]);
    if (Number.isNaN(value)) throw new Error(`not a number: ${line}`);
    const family = sample[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!typed.has(sample[1]!) && !typed.has(family)) throw new Error(`sample before its TYPE: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return samples;
}

describe('worker metrics', () => {
  it('expose processed and failed counters, a latency histogram and the queue lag as Prometheus text', async () => {
    // Prepare
    const metrics = createWorkerMetrics({
      workerType: 'triage',
      instanceId: 'triage-1',
      queueName: 'opsdeck-fleet-triage',
      readQueueLag: async () => 12,
    });
    // Act
    metrics.recordProcessed(0.04);
    metrics.recordProcessed(0.3);
    metrics.recordFailed(0.02);
    const { contentType, body } = await metrics.render();
    // Assess
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(body);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    expect(value(METRIC_NAMES.processed, { worker_type: 'triage', instance_id: 'triage-1' })).toBe(2);
    expect(value(METRIC_NAMES.failed)).toBe(1);
    expect(value(`${METRIC_NAMES.duration}_count`, { outcome: 'succeeded' })).toBe(2);
    expect(value(`${METRIC_NAMES.duration}_bucket`, { outcome: 'succeeded', le: '0.05' })).toBe(1);
    expect(value(`${METRIC_NAMES.duration}_bucket`, { outcome: 'succeeded', le: '+Inf' })).toBe(2);
    expect(value(`${METRIC_NAMES.duration}_sum`, { outcome: 'succeeded' })).toBeCloseTo(0.34);
    expect(value(METRIC_NAMES.queueLag, { queue: 'opsdeck-fleet-triage' })).toBe(12);
  });

  it('show zero counters before the first message and keep the last lag when the queue cannot be read', async () => {
    let lag: number | undefined = 3;
    const metrics = createWorkerMetrics({
      workerType: 'tool',
      instanceId: 'tool-1',
      queueName: 'q',
      readQueueLag: async () => lag,
    });
    expect(
      parseExposition((await metrics.render()).body).find((s) => s.name === METRIC_NAMES.processed)?.value,
    ).toBe(0);
    lag = undefined;
    const samples = parseExposition((await metrics.render()).body);
    expect(samples.find((s) => s.name === METRIC_NAMES.queueLag)?.value).toBe(3);
  });

  it('keep two workers apart in one process (own registries)', async () => {
    const a = createWorkerMetrics({
      workerType: 'intake',
      instanceId: 'intake-1',
      queueName: 'a',
      readQueueLag: async () => 0,
    });
    const b = createWorkerMetrics({
      workerType: 'intake',
      instanceId: 'intake-2',
      queueName: 'b',
      readQueueLag: async () => 0,
    });
    a.recordProcessed(0.01);
    const bSamples = parseExposition((await b.render()).body);
    expect(bSamples.find((s) => s.name === METRIC_NAMES.processed)?.value).toBe(0);
    expect(bSamples.every((s) => s.labels.instance_id === 'intake-2')).toBe(true);
  });
});
