import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { functions, type FunctionName, type HttpMethod } from '../../shared/resources/declarations';
import {
  MethodNotAllowedError,
  PayloadTooLargeError,
  RouteNotFoundError,
  toProblem,
} from '../../shared/errors/typed-errors';
import { lambdaContext, loadHandler } from './handler-loader';

/** API Gateway HTTP APIs refuse request bodies above 10 MB. */
const MAX_GATEWAY_BODY_BYTES = 10 * 1024 * 1024;
export const API_BASE_PATH = '/api';

interface CompiledRoute {
  functionName: FunctionName;
  method: HttpMethod;
  /** The route key as API Gateway writes it, e.g. `GET /api/admin/tenants/{tenant_id}`. */
  routeKey: string;
  pattern: RegExp;
  parameterNames: string[];
}

/** Compiles every declared route into a matcher; literal segments win over parameters. */
export function compileRoutes(): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  for (const [functionName, declaration] of Object.entries(functions) as [
    FunctionName,
    (typeof functions)[FunctionName],
  ][]) {
    for (const route of ('routes' in declaration ? declaration.routes : []) ?? []) {
      const fullPath = `${API_BASE_PATH}${route.path}`;
      const parameterNames: string[] = [];
      const source = fullPath
        .split('/')
        .map((segment) => {
          const parameter = /^\{(\w+)\}$/.exec(segment);
          if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          parameterNames.push(parameter[1]!);
          return '([^/]+)';
        })
        .join('/');
      routes.push({
        functionName,
        method: route.method,
        routeKey: `${route.method} ${fullPath}`,
        pattern: new RegExp(`^${source}$`),
        parameterNames,
      });
    }
  }
  // Routes with fewer parameters first, so /admin/audit/verify beats /admin/audit/{id}-like patterns.
  return routes.sort((a, b) => a.parameterNames.length - b.parameterNames.length);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_GATEWAY_BODY_BYTES) {
        reject(
          new PayloadTooLargeError(`The body exceeds the gateway limit of ${MAX_GATEWAY_BODY_BYTES} bytes.`),
        );
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const TEXTUAL = /^(application\/(json|[a-z.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

/** Builds the HTTP API payload 2.0 event API Gateway would send for this request. */
export function toHttpApiEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXTUAL.test(contentType);
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.parameterNames.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

function sendProblem(response: ServerResponse, error: unknown, instance: string): void {
  const problem = toProblem(error, randomUUID(), instance);
  response.writeHead(problem.status, {
    'Content-Type': 'application/problem+json',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(JSON.stringify(problem));
}

function sendLambdaResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['Set-Cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const STATIC_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
};

/** Serves the built console; unknown extensionless paths get index.html (client-side routes). */
async function serveConsole(consoleDir: string, url: URL, response: ServerResponse): Promise<void> {
  const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
  let file = path.join(consoleDir, relative);
  if (!file.startsWith(consoleDir)) file = path.join(consoleDir, 'index.html');
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (path.extname(relative) !== '') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...STATIC_HEADERS });
      response.end('Not found');
      return;
    }
    file = path.join(consoleDir, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...STATIC_HEADERS });
      response.end('The console has not been built; run `npm run build:console`.');
      return;
    }
  }
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...STATIC_HEADERS,
  });
  createReadStream(file).pipe(response);
}

export interface GatewayOptions {
  port: number;
  host?: string;
  consoleDir: string;
  log?: (line: string) => void;
}

/**
 * The local stand-in for API Gateway + CloudFront: `/api/*` becomes HTTP API v2 events handed to
 * the declared handlers in-process; everything else is the built console with SPA fallback.
 */
export async function startGateway(
  options: GatewayOptions,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const routes = compileRoutes();
  const server = http.createServer((request, response) => {
    void handleRequest(request, response).catch((error: unknown) => {
      options.log?.(`gateway error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) sendProblem(response, error, request.url ?? '/');
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // The OpenAPI document is also published at the root, as the API conventions promise.
    if (url.pathname === '/openapi.json') url.pathname = `${API_BASE_PATH}/openapi.json`;
    if (url.pathname !== API_BASE_PATH && !url.pathname.startsWith(`${API_BASE_PATH}/`)) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        sendProblem(response, new MethodNotAllowedError('The console only answers GET.'), url.pathname);
        return;
      }
      await serveConsole(options.consoleDir, url, response);
      return;
    }
    const candidates = routes
      .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
      .filter((candidate) => candidate.match !== null);
    const chosen = candidates.find((candidate) => candidate.route.method === request.method);
    if (!chosen) {
      const error = candidates.length
        ? new MethodNotAllowedError(`${request.method} is not allowed on ${url.pathname}.`)
        : new RouteNotFoundError(`There is no API route ${request.method} ${url.pathname}.`);
      sendProblem(response, error, url.pathname);
      return;
    }
    const pathParameters: Record<string, string> = {};
    chosen.route.parameterNames.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(chosen.match![index + 1]!);
    });
    const body = await readBody(request);
    const event = toHttpApiEvent(request, url, body, chosen.route, pathParameters);
    const handler = await loadHandler(chosen.route.functionName);
    const result = (await handler(
      event,
      lambdaContext(chosen.route.functionName, event.requestContext.requestId),
    )) as APIGatewayProxyStructuredResultV2 | undefined;
    if (!result || typeof result !== 'object' || typeof result.statusCode !== 'number') {
      throw new Error(`${chosen.route.functionName} returned no HTTP response`);
    }
    sendLambdaResult(response, result);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
