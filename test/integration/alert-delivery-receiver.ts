import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on loopback for the alerting integration tests. It verifies Standard Webhooks
 * signatures with its own implementation (written from the spec, independent of the product's
 * signer) and can be told how to answer: accept, fail with a status, redirect, hang, or be down.
 */

export interface ReceivedHook {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly json: any;
  readonly at: number;
}

export type ReceiverMode =
  { kind: 'accept' } | { kind: 'status'; status: number; location?: string } | { kind: 'hang' };

/** Every `v1` signature in a webhook-signature header. */
export const signaturesOf = (header: string): string[] =>
  header
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => part.slice(3));

/** Standard Webhooks verification, by hand: HMAC-SHA256 over "id.timestamp.body", base64 key after whsec_. */
export function independentlyVerifies(secret: string, hook: ReceivedHook): boolean {
  const id = hook.headers['webhook-id'];
  const timestamp = hook.headers['webhook-timestamp'];
  const header = hook.headers['webhook-signature'];
  if (!id || !timestamp || !header) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(hook.body).digest();
  return signaturesOf(header).some((signature) => {
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export class TestReceiver {
  readonly hooks: ReceivedHook[] = [];
  mode: ReceiverMode = { kind: 'accept' };
  private server: http.Server | null = null;
  private hanging: http.ServerResponse[] = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on the same port again after `down()`). */
  async up(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        this.hooks.push({
          path: request.url ?? '/',
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
          ),
          body,
          json,
          at: Date.now(),
        });
        const mode = this.mode;
        if (mode.kind === 'accept') response.writeHead(204).end();
        else if (mode.kind === 'status') {
          response.writeHead(mode.status, mode.location ? { location: mode.location } : {}).end();
        } else this.hanging.push(response);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: connections are refused until `up()`. */
  async down(): Promise<void> {
    for (const response of this.hanging.splice(0)) response.destroy();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The hooks received on one path (each test uses its own path). */
  on(path: string): ReceivedHook[] {
    return this.hooks.filter((hook) => hook.path === path);
  }
}

/** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
