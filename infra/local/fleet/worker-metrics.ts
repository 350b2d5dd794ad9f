/**
 * A worker's Prometheus metrics, in a registry of its own (never prom-client's global one, so
 * that two workers in one process — as in tests — do not mix). Names follow Prometheus
 * conventions: counters end in `_total`, durations are in seconds.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const METRIC_NAMES = {
  processed: 'worker_messages_processed_total',
  failed: 'worker_messages_failed_total',
  duration: 'worker_processing_duration_seconds',
  queueLag: 'worker_queue_lag_messages',
} as const;

export const PROCESSING_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface WorkerMetricsOptions {
  readonly workerType: string;
  readonly instanceId: string;
  readonly queueName: string;
  /** Visible + in-flight messages of the input queue; called on every scrape. Undefined keeps the last value. */
  readonly readQueueLag: () => Promise<number | undefined>;
}

export interface WorkerMetrics {
  readonly registry: Registry;
  /** A message was processed (first delivery or retry). */
  recordProcessed(durationSeconds: number): void;
  /** Processing a message failed; it will be redelivered. */
  recordFailed(durationSeconds: number): void;
  /** The Prometheus text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ worker_type: options.workerType, instance_id: options.instanceId });
  const processed = new Counter({
    name: METRIC_NAMES.processed,
    help: 'Messages processed successfully (first deliveries and retries).',
    registers: [registry],
  });
  const failed = new Counter({
    name: METRIC_NAMES.failed,
    help: 'Processing attempts that failed; the message is redelivered, and dead-lettered after 3 receives.',
    registers: [registry],
  });
  const duration = new Histogram({
    name: METRIC_NAMES.duration,
    help: 'Time spent processing one message, successful or not.',
    labelNames: ['outcome'] as const,
    buckets: PROCESSING_DURATION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: METRIC_NAMES.queueLag,
    help: 'Messages waiting in or being processed from the input queue (approximate visible + in flight).',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const lag = await options.readQueueLag();
      if (lag !== undefined) this.set({ queue: options.queueName }, lag);
    },
  });
  // Start the counters at zero, so that a scrape before the first message still shows them.
  processed.inc(0);
  failed.inc(0);

  return {
    registry,
    recordProcessed(seconds) {
      processed.inc();
      duration.observe({ outcome: 'succeeded' }, seconds);
    },
    recordFailed(seconds) {
      failed.inc();
      duration.observe({ outcome: 'failed' }, seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
