import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { verifyWebhookSignature } from '../../shared/alerts/webhook-signature';

/**
 * A small webhook receiver on loopback for the local stack, so that a user of `npm start` can
 * watch alert notifications arrive: a channel pointed at `<url>/hooks/<any name>` with the
 * receiver's secret gets its notifications verified (Standard Webhooks) and recorded here.
 *
 *   POST   /hooks/<name>   receive a webhook: 204 when a signature verifies, 401 when none does
 *   GET    /received       what arrived, newest last (`?hook=<name>` narrows it)
 *   DELETE /received       forget what arrived
 *
 * A hook named `gone` answers 410 (to try what a 410 does to a channel). The secret lives in the
 * data directory (`webhook-receiver.json`), so channels made with it keep working across restarts.
 */

export interface ReceivedWebhook {
  readonly received_at: string;
  readonly hook: string;
  readonly webhook_id: string | null;
  readonly webhook_timestamp: string | null;
  readonly verified: boolean;
  /** A webhook-id seen before (deliveries are at least once; receivers deduplicate on it). */
  readonly duplicate: boolean;
  readonly body: unknown;
}

export interface WebhookReceiver {
  /** Base URL, e.g. http://127.0.0.1:3005 */
  readonly url: string;
  /** A ready hook URL to create a channel with. */
  readonly hookUrl: string;
  readonly secret: string;
  readonly receivedUrl: string;
  received(): readonly ReceivedWebhook[];
  close(): Promise<void>;
}

const MAX_KEPT = 1000;
const MAX_BODY_BYTES = 256 * 1024;

async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'webhook-receiver.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { secret?: unknown };
    if (typeof stored.secret === 'string' && stored.secret.startsWith('whsec_')) return stored.secret;
  } catch {
    // No receiver file yet: make one.
  }
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  await writeFile(file, `${JSON.stringify({ secret }, null, 2)}\n`, { mode: 0o600 });
  return secret;
}

const header = (request: http.IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Starts the receiver on 127.0.0.1 (port 0 picks a free one). */
export async function startWebhookReceiver(options: {
  port: number;
  dataDir: string;
}): Promise<WebhookReceiver> {
  const secret = await loadOrCreateSecret(options.dataDir);
  const received: ReceivedWebhook[] = [];
  const seenIds = new Set<string>();

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const send = (status: number, body?: unknown) => {
      if (body === undefined) {
        response.writeHead(status).end();
        return;
      }
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/received' && request.method === 'GET') {
      const hook = url.searchParams.get('hook');
      send(200, { items: hook ? received.filter((item) => item.hook === hook) : received });
      return;
    }
    if (url.pathname === '/received' && request.method === 'DELETE') {
      received.length = 0;
      send(204);
      return;
    }
    const match = /^\/hooks\/([A-Za-z0-9._-]{1,100})$/.exec(url.pathname);
    if (!match || request.method !== 'POST') {
      send(404, { error: 'POST /hooks/<name>, GET /received, DELETE /received' });
      return;
    }
    const hook = match[1]!;
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const webhookId = header(request, 'webhook-id') ?? null;
      const verified = verifyWebhookSignature(
        secret,
        {
          id: header(request, 'webhook-id'),
          timestamp: header(request, 'webhook-timestamp'),
          signature: header(request, 'webhook-signature'),
        },
        raw,
      );
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Kept as text.
      }
      const duplicate = webhookId !== null && verified && seenIds.has(webhookId);
      if (webhookId !== null && verified) seenIds.add(webhookId);
      received.push({
        received_at: new Date().toISOString(),
        hook,
        webhook_id: webhookId,
        webhook_timestamp: header(request, 'webhook-timestamp') ?? null,
        verified,
        duplicate,
        body,
      });
      if (received.length > MAX_KEPT) received.splice(0, received.length - MAX_KEPT);
      if (!verified) send(401, { error: 'no webhook-signature verifies with the receiver secret' });
      else if (hook === 'gone') send(410, { error: 'this hook is gone' });
      else send(204);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    hookUrl: `${url}/hooks/demo`,
    secret,
    receivedUrl: `${url}/received`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
