import http from 'node:http';
import https from 'node:https';
import pLimit from 'p-limit';
import type { RegisteredWorker } from '../registry/worker-schemas';
import type { ProbeOutcome, ProbeResult } from './health-status';
import { parsePrometheusText, queueLagFromMetrics } from './prometheus-text';

export interface ProbeOptions {
  /** Requests in flight at once across the whole round. */
  concurrency: number;
  timeoutMs: number;
  maxMetricsBytes: number;
}

export interface InstanceProbe {
  worker: RegisteredWorker;
  outcome: ProbeOutcome;
  metrics: { queueLag: Record<string, number> | null; error: string | null } | null;
}

class ProbeTimeoutError extends Error {
  override name = 'ProbeTimeoutError';
}

class ProbeBodyTooLargeError extends Error {
  override name = 'ProbeBodyTooLargeError';
}

const errorText = (error: unknown, timeoutMs: number): string => {
  if (error instanceof ProbeTimeoutError) return `timed out after ${timeoutMs} ms`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.message;
  }
  return 'unknown error';
};

// Keep-alive agents shared by every round of this process: node:http costs far less CPU per
// request than fetch, which matters when one poller probes thousands of instances.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
};

/**
 * One GET with a deadline covering connect, headers and body; the body is read up to `maxBytes`
 * (beyond that the request fails). Never rejects with anything but an Error.
 */
function httpGet(
  url: string,
  timeoutMs: number,
  maxBytes: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error('invalid URL'));
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      reject(new Error(`unsupported protocol ${parsed.protocol}`));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : http;
    const request = client.get(
      parsed,
      { agent: agents[parsed.protocol], headers: { accept: 'application/json, text/plain;q=0.9' } },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new ProbeBodyTooLargeError(`body larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => request.destroy(new ProbeTimeoutError('timed out')), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const joinUrl = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, '')}${path}`;

/**
 * Probes every worker's /healthz and /readyz (and scrapes its metrics_url when it has one). All
 * requests of the round share one limiter, so at most `concurrency` are in flight; each has its
 * own timeout covering the body, so a hanging or garbage-returning worker costs one slot for at
 * most `timeoutMs` and never blocks the others.
 */
export async function probeWorkers(
  workers: readonly RegisteredWorker[],
  options: ProbeOptions,
): Promise<InstanceProbe[]> {
  const limit = pLimit(options.concurrency);

  const probe = (url: string): Promise<ProbeResult> =>
    limit(async () => {
      const started = performance.now();
      try {
        // The body is drained (bounded) so that the connection can be reused and a slow body counts.
        const response = await httpGet(url, options.timeoutMs, 64 * 1024);
        const responseTimeMs = performance.now() - started;
        return response.status >= 200 && response.status < 300
          ? { ok: true, status: response.status, responseTimeMs }
          : { ok: false, status: response.status, responseTimeMs, error: `HTTP ${response.status}` };
      } catch (error) {
        return {
          ok: false,
          status: null,
          responseTimeMs: performance.now() - started,
          error: errorText(error, options.timeoutMs),
        };
      }
    });

  const scrape = (url: string): Promise<NonNullable<InstanceProbe['metrics']>> =>
    limit(async () => {
      try {
        const response = await httpGet(url, options.timeoutMs, options.maxMetricsBytes);
        if (response.status !== 200) return { queueLag: null, error: `HTTP ${response.status}` };
        return { queueLag: queueLagFromMetrics(parsePrometheusText(response.body)), error: null };
      } catch (error) {
        return { queueLag: null, error: errorText(error, options.timeoutMs) };
      }
    });

  return Promise.all(
    workers.map(async (worker) => {
      const [liveness, readiness, metrics] = await Promise.all([
        probe(joinUrl(worker.base_url, '/healthz')),
        probe(joinUrl(worker.base_url, '/readyz')),
        worker.metrics_url ? scrape(worker.metrics_url) : Promise.resolve(null),
      ]);
      return { worker, outcome: { liveness, readiness }, metrics };
    }),
  );
}
