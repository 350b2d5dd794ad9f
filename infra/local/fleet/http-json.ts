/**
 * The little HTTP plumbing the fleet's servers share: JSON and RFC 9457 problem responses, a
 * bounded body reader, and listen/close helpers that name the port when it is taken.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { PROBLEM_TYPE_BASE } from '../../../shared/errors/typed-errors';

export const LOOPBACK = '127.0.0.1';

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export interface Problem {
  readonly status: number;
  /** Stable slug, appended to the problem type base. */
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly { path: string; message: string }[];
}

export function sendProblem(
  response: ServerResponse,
  problem: Problem,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify({
    type: `${PROBLEM_TYPE_BASE}${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  });
  response.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/** The request body as text, refusing more than `limitBytes`. */
export async function readBody(request: IncomingMessage, limitBytes = 16 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(`the body is larger than ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Thrown when a port the fleet needs is taken; the message names the port and its purpose. */
export class FleetPortInUseError extends Error {
  override name = 'FleetPortInUseError';
  readonly code = 'EADDRINUSE';
  constructor(
    readonly port: number,
    readonly purpose: string,
  ) {
    super(
      `Port ${port} (${purpose}) is already in use — is another reference fleet running? Choose other ports.`,
    );
  }
}

/** Listens on 127.0.0.1:port (0: any free port) and resolves with the port. */
export function listen(server: Server, port: number, purpose: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new FleetPortInUseError(port, purpose) : error);
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.removeListener('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string')
        reject(new Error(`${purpose}: not listening on TCP`));
      else resolve(address.port);
    });
  });
}

/** Closes the server and every open connection (keep-alive ones would hold close() open). */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Resolves if nothing listens on 127.0.0.1:port, rejects with FleetPortInUseError otherwise. */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new FleetPortInUseError(port, purpose) : error),
    );
    probe.listen(port, LOOPBACK, () => probe.close(() => resolve()));
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
