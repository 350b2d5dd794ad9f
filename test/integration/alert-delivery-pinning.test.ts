import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResolver } from '../../shared/alerts/safe-url';
import { postWebhook } from '../../shared/alerts/webhook-sender';

/**
 * The webhook sender's connection, in-process against a loopback server: it connects to the
 * address it vetted (not to whatever a second DNS answer says), keeps the host name in the Host
 * header, re-checks the URL at send time, and never follows redirects.
 */

let server: http.Server;
let port: number;
const seen: { host: string | undefined; url: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ host: request.headers.host, url: request.url });
    request.resume();
    if (request.url === '/redirect') response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    else response.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (url: string, resolve: HostResolver, allowHttpHosts: string[]) =>
  postWebhook({ url, body: '{}', headers: {}, timeoutMs: 2_000, allowHttpHosts, resolve });

describe('webhook sender connection', () => {
  it('connects to the vetted address and keeps the host name in the Host header', async () => {
    // Prepare: the name resolves once (the check) — a second lookup would say 10.0.0.1.
    let lookups = 0;
    const rebinding: HostResolver = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };

    // Act
    const result = await request(`http://hooks.example.test:${port}/pinned`, rebinding, [
      'hooks.example.test',
    ]);

    // Assess
    expect(result).toMatchObject({ ok: true, status_code: 200 });
    expect(lookups).toBe(1);
    expect(seen.at(-1)).toEqual({ host: `hooks.example.test:${port}`, url: '/pinned' });
  });

  it('re-checks at send time: a name now resolving to a private address is refused before connecting', async () => {
    const before = seen.length;
    const result = await request(
      `https://hooks.example.test:${port}/x`,
      async () => [{ address: '10.0.0.1', family: 4 }],
      [],
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/refused: the URL must not resolve to/);
    expect(seen.length).toBe(before);
  });

  it('reports a redirect as a failure and does not follow it', async () => {
    const result = await request(
      `http://127.0.0.1:${port}/redirect`,
      async () => [{ address: '127.0.0.1', family: 4 }],
      ['127.0.0.1'],
    );
    expect(result).toMatchObject({ ok: false, status_code: 302, error: 'redirect 302 not followed' });
    expect(seen.at(-1)?.url).toBe('/redirect');
  });

  it('fails on a refused connection with the error code', async () => {
    const result = await request('http://127.0.0.1:1/', async () => [], ['127.0.0.1']);
    expect(result).toMatchObject({ ok: false, error: 'connection failed: ECONNREFUSED' });
  });
});
