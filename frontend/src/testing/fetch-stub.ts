import { vi } from 'vitest';

/**
 * A stand-in for the API at the one boundary the console has: `fetch`. Tests declare the
 * answers per method and path, then assert on what the console sent and what it shows.
 */

export interface StubbedRequest {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type StubHandler = (request: StubbedRequest) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An RFC 9457 problem, shaped like the API's. */
export function problemResponse(
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): Response {
  const body = {
    type: `https://opsdeck.dev/problems/${title.toLowerCase().replace(/\W+/g, '-')}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    request_id: 'req-7f3a',
    ...extra,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/** An answer that never comes, to hold a panel in its loading state. */
export function pendingResponse(): Promise<Response> {
  return new Promise<Response>(() => undefined);
}

export interface ApiStub {
  /** Answers `method path` (path without the query string) with the handler's response. */
  on(method: string, path: string, handler: StubHandler): ApiStub;
  /** Every request the console made, in order. */
  requests: StubbedRequest[];
  requestsTo(method: string, path: string): StubbedRequest[];
}

export function stubApi(): ApiStub {
  const handlers = new Map<string, StubHandler>();
  const requests: StubbedRequest[] = [];

  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' || input instanceof URL ? input : input.url,
      'http://console.test',
    );
    const method = (init?.method ?? 'GET').toUpperCase();
    const request: StubbedRequest = {
      method,
      path: url.pathname,
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const handler = handlers.get(`${method} ${url.pathname}`);
    if (!handler)
      return problemResponse(501, 'Not stubbed', `${method} ${url.pathname} has no stubbed answer`);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchStub);

  const stub: ApiStub = {
    on(method, path, handler) {
      handlers.set(`${method.toUpperCase()} ${path}`, handler);
      return stub;
    },
    requests,
    requestsTo: (method, path) =>
      requests.filter((request) => request.method === method && request.path === path),
  };
  return stub;
}
