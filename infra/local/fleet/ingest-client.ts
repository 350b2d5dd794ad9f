/**
 * The fleet's side of Opsdeck's ingest API: one call (`postIngestBatch`) that classifies every
 * outcome instead of throwing, and a buffer (`IngestReporter`) that batches reports, flushes them
 * about once a second and retries with backoff, so that an ingest API that is slow, down or not
 * there yet never stops (or crashes) a worker.
 */
import {
  ingestResultSchema,
  MAX_INGEST_BATCH,
  type IngestResult,
} from '../../../shared/ingest/ingest-schemas';
import { throttleLog, type ThrottledLog } from './log-throttle';

export const INGEST_PATHS = [
  'processing-events',
  'exceptions',
  'exception-events',
  'tool-executions',
  'policy-decisions',
  'dlq',
  'heartbeat',
] as const;
export type IngestPath = (typeof INGEST_PATHS)[number];

export interface IngestTarget {
  /** Opsdeck's base URL (the gateway, e.g. http://127.0.0.1:3000); a trailing `/api` is accepted. */
  readonly apiUrl: string;
  readonly key: string;
  readonly timeoutMs?: number;
}

export type IngestCallResult =
  /** 200 or 207 (any 2xx). `result` is undefined when the body was not the documented shape. */
  | { readonly kind: 'applied'; readonly status: number; readonly result: IngestResult | undefined }
  /** Worth trying again later: network error, timeout, 429 or 5xx. */
  | {
      readonly kind: 'retryable';
      readonly status?: number;
      readonly detail: string;
      readonly retryAfterMs?: number;
    }
  /** Opsdeck refused the call as such (4xx): retrying the same call would not help. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string };

/** `http://host:port` + `/api/ingest/<path>`, whether or not the base URL already ends in /api. */
export function ingestUrl(apiUrl: string, path: IngestPath): string {
  const base = apiUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${base}/api/ingest/${path}`;
}

/** `http://host:port` + `/api/<path>`. */
export function apiEndpoint(apiUrl: string, path: string): string {
  const base = apiUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${base}/api/${path.replace(/^\/+/, '')}`;
}

/** POSTs `{"items": [...]}` (at most MAX_INGEST_BATCH) and says what became of it. Never throws. */
export async function postIngestBatch(
  target: IngestTarget,
  path: IngestPath,
  items: readonly unknown[],
  signal?: AbortSignal,
): Promise<IngestCallResult> {
  if (items.length > MAX_INGEST_BATCH)
    throw new RangeError(`at most ${MAX_INGEST_BATCH} items per ingest call`);
  const timeout = AbortSignal.timeout(target.timeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await fetch(ingestUrl(target.apiUrl, path), {
      method: 'POST',
      headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    return { kind: 'retryable', detail: describeFetchError(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const result = ingestResultSchema.safeParse(parsed);
    return { kind: 'applied', status: response.status, result: result.success ? result.data : undefined };
  }
  const detail = `${response.status} ${problemDetail(text) ?? response.statusText}`.trim();
  if (response.status === 429 || response.status >= 500) {
    const retryAfterSeconds = Number(response.headers.get('retry-after'));
    return {
      kind: 'retryable',
      status: response.status,
      detail,
      ...(Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
        ? { retryAfterMs: retryAfterSeconds * 1000 }
        : {}),
    };
  }
  return { kind: 'refused', status: response.status, detail };
}

export interface IngestReporterOptions {
  readonly target: IngestTarget;
  /** A flush starts at most this often (default 1000 ms). */
  readonly flushIntervalMs?: number;
  /** Per path; beyond it the oldest reports are dropped (default 20 000). */
  readonly maxBuffered?: number;
  readonly log: (line: string) => void;
  /** Who reports, for log lines. */
  readonly name: string;
}

export interface ReporterStats {
  sent: number;
  rejected: number;
  dropped: number;
  pending: number;
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/** Buffers reports per ingest path and sends them in batches of up to 500. */
export class IngestReporter {
  private readonly buffers = new Map<IngestPath, unknown[]>();
  private readonly backoff = new Map<IngestPath, { failures: number; until: number }>();
  private readonly warn: ThrottledLog;
  /** For an endpoint that is not there (404): said once, then quiet. */
  private readonly warnOnce: ThrottledLog;
  private readonly counters = { sent: 0, rejected: 0, dropped: 0 };
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: IngestReporterOptions) {
    this.warn = throttleLog(options.log);
    this.warnOnce = throttleLog(options.log, Number.POSITIVE_INFINITY);
  }

  add(path: IngestPath, items: readonly unknown[]): void {
    if (items.length === 0) return;
    const buffer = this.buffers.get(path) ?? [];
    this.buffers.set(path, buffer);
    buffer.push(...items);
    const limit = this.options.maxBuffered ?? 20_000;
    if (buffer.length > limit) {
      const excess = buffer.length - limit;
      buffer.splice(0, excess);
      this.counters.dropped += excess;
      this.warn(
        `overflow:${path}`,
        `${this.options.name}: ${path} buffer full, dropped the ${excess} oldest reports`,
      );
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs ?? 1_000);
    this.timer.unref();
  }

  get stats(): ReporterStats {
    let pending = 0;
    for (const buffer of this.buffers.values()) pending += buffer.length;
    return { ...this.counters, pending };
  }

  /** Sends what is buffered (paths in backoff wait). One flush at a time. */
  flush(signal?: AbortSignal): Promise<void> {
    this.flushing ??= this.flushAll(signal).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops the timer and makes one last attempt, ignoring backoff, within `timeoutMs`. */
  async close(timeoutMs = 2_000): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flushing;
    this.backoff.clear();
    await this.flush(AbortSignal.timeout(timeoutMs));
  }

  private async flushAll(signal: AbortSignal | undefined): Promise<void> {
    for (const [path, buffer] of this.buffers) {
      const backoff = this.backoff.get(path);
      if (backoff && Date.now() < backoff.until) continue;
      while (buffer.length > 0 && !signal?.aborted) {
        const batch = buffer.slice(0, MAX_INGEST_BATCH);
        const outcome = await postIngestBatch(this.options.target, path, batch, signal);
        if (outcome.kind === 'retryable') {
          const failures = (backoff?.failures ?? 0) + 1;
          const delay =
            outcome.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
          this.backoff.set(path, { failures, until: Date.now() + delay });
          this.warn(
            `retry:${path}`,
            `${this.options.name}: POST /api/ingest/${path} failed (${outcome.detail}); keeping ${buffer.length} reports, retrying in ${Math.round(delay / 1000)} s`,
          );
          break;
        }
        buffer.splice(0, batch.length);
        this.backoff.delete(path);
        if (outcome.kind === 'refused') {
          this.counters.dropped += batch.length;
          const hint = outcome.status === 404 ? ' (not deployed yet? said once)' : '';
          (outcome.status === 404 ? this.warnOnce : this.warn)(
            `refused:${path}:${outcome.status}`,
            `${this.options.name}: POST /api/ingest/${path} answered ${outcome.detail}${hint}; dropped ${batch.length} reports`,
          );
          continue;
        }
        const rejected = outcome.result?.rejected ?? [];
        this.counters.sent += batch.length - rejected.length;
        this.counters.rejected += rejected.length;
        const first = rejected[0];
        if (first) {
          this.warn(
            `rejected:${path}`,
            `${this.options.name}: ${path}: Opsdeck rejected ${rejected.length} of ${batch.length} items, e.g. #${first.index} ${first.type}: ${first.detail}`,
          );
        }
      }
    }
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return error.name === 'TimeoutError' ? 'timed out' : `${error.message}${cause}`;
  }
  return String(error);
}

/** The `detail` (or `title`) of a problem+json body, if it is one. */
function problemDetail(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { detail?: unknown; title?: unknown };
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.title === 'string') return body.title;
  } catch {
    // not JSON
  }
  return text ? text.slice(0, 200) : undefined;
}
