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
  /** Null when the round's budget was spent before this instance's turn. */
  outcome: ProbeOutcome | null;
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
 * Probes every worker's /healthz and, when it is live, its /readyz (and scrapes its metrics_url
 * when it has one). All requests of the round share one limiter, so at most `concurrency` are in
 * flight; each has its own timeout covering the body, so a hanging or garbage-returning worker
 * costs one slot for at most `timeoutMs` and never blocks the others. An instance that is not live
 * costs one request, not three.
 *
 * `deadline` (a `performance.now()` value) bounds the round: a probe that has not started by then
 * is not started, and its instance comes back with `outcome: null` (not probed this round). So a
 * round lasts at most the budget plus two timeouts (a liveness probe in flight at the deadline,
 * then that instance's readiness probe) however many instances hang; callers order the
 * workers so that the ones checked longest ago go first, and every instance gets its turn.
 */
export async function probeWorkers(
  workers: readonly RegisteredWorker[],
  options: ProbeOptions & { deadline?: number },
): Promise<InstanceProbe[]> {
  const limit = pLimit(options.concurrency);
  const deadline = options.deadline ?? Infinity;
  const NOT_STARTED = Symbol('not started');

  // Only liveness probes (an instance's first request) honour the deadline: an instance whose
  // liveness answered is always finished, so none is marked not ready for want of time.
  const probe = (url: string, firstOfInstance: boolean): Promise<ProbeResult | typeof NOT_STARTED> =>
    limit(async () => {
      if (firstOfInstance && performance.now() >= deadline) return NOT_STARTED;
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
    workers.map(async (worker): Promise<InstanceProbe> => {
      const liveness = await probe(joinUrl(worker.base_url, '/healthz'), true);
      if (liveness === NOT_STARTED) return { worker, outcome: null, metrics: null };
      if (!liveness.ok) {
        const skipped: ProbeResult = {
          ok: false,
          status: null,
          responseTimeMs: 0,
          error: 'not probed (not live)',
        };
        return { worker, outcome: { liveness, readiness: skipped }, metrics: null };
      }
      const [readiness, metrics] = await Promise.all([
        probe(joinUrl(worker.base_url, '/readyz'), false),
        worker.metrics_url ? scrape(worker.metrics_url) : Promise.resolve(null),
      ]);
      return { worker, outcome: { liveness, readiness: readiness as ProbeResult }, metrics };
    }),
  );
}
