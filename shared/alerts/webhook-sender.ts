import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookUrl, type HostResolver } from './safe-url';

/**
 * Sends one webhook POST the SSRF-safe way: the URL is vetted again at send time and the socket
 * connects to exactly the address that was vetted (a custom `lookup` returns it), while the Host
 * header and TLS SNI/certificate check keep the host name. Redirects are never followed (Node's
 * http client does not follow them; a 3xx is reported as a failure). The whole exchange has one
 * deadline.
 */

export interface WebhookResult {
  readonly ok: boolean;
  readonly status_code?: number;
  readonly error?: string;
  readonly latency_ms: number;
}

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  readonly allowHttpHosts: readonly string[];
  readonly resolve?: HostResolver;
}

/** Most response bytes read (and dropped) before the connection is closed. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export async function postWebhook(request: WebhookRequest): Promise<WebhookResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const vetted = await checkWebhookUrl(request.url, {
    allowHttpHosts: request.allowHttpHosts,
    ...(request.resolve ? { resolve: request.resolve } : {}),
  });
  if (!vetted.ok) return { ok: false, error: `refused: the URL ${vetted.problem}`, latency_ms: elapsed() };

  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: vetted.address, family: vetted.family },
      ]);
    } else {
      callback(null, vetted.address, vetted.family);
    }
  };
  const url = new URL(vetted.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<WebhookResult, 'latency_ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latency_ms: elapsed() });
    };
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(request.body)),
          'user-agent': 'Opsdeck-Webhooks/1.0',
        },
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () =>
          finish(
            status >= 200 && status < 300
              ? { ok: true, status_code: status }
              : {
                  ok: false,
                  status_code: status,
                  error:
                    status >= 300 && status < 400
                      ? `redirect ${status} not followed`
                      : `receiver answered ${status}`,
                },
          );
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const deadline = setTimeout(() => {
      finish({ ok: false, error: `timed out after ${request.timeoutMs} ms` });
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: `connection failed: ${error.code ?? error.message}` }),
    );
    outgoing.end(request.body);
  });
}
