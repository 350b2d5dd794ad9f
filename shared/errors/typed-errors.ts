/**
 * Typed errors that the error middleware maps onto RFC 9457 problem details. Each carries a
 * stable problem `type` so that clients can branch on it; messages below 500 are shown to the
 * caller, anything else is replaced with a generic text.
 */

export const PROBLEM_TYPE_BASE = 'https://opsdeck.dev/problems/';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  readonly errors?: readonly FieldProblem[];
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    detail: string,
    options?: { errors?: readonly FieldProblem[]; headers?: Record<string, string> },
  ) {
    super(detail);
    this.errors = options?.errors;
    this.headers = options?.headers;
  }

  get type(): string {
    return `${PROBLEM_TYPE_BASE}${this.slug}`;
  }
}

export class ValidationError extends HttpError {
  override name = 'ValidationError';
  readonly status = 400;
  readonly slug = 'validation-error';
  readonly title = 'The request is not valid';
}

export class MalformedJsonError extends HttpError {
  override name = 'MalformedJsonError';
  readonly status = 400;
  readonly slug = 'malformed-json';
  readonly title = 'The request body is not valid JSON';
}

export class InvalidCursorError extends HttpError {
  override name = 'InvalidCursorError';
  readonly status = 400;
  readonly slug = 'invalid-cursor';
  readonly title = 'The pagination cursor is not valid';
}

export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  readonly status = 401;
  readonly slug = 'unauthorized';
  readonly title = 'Authentication is required';
  constructor(detail: string) {
    super(detail, { headers: { 'WWW-Authenticate': 'Bearer realm="opsdeck"' } });
  }
}

export class ForbiddenError extends HttpError {
  override name = 'ForbiddenError';
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'This principal may not do that';
}

export class TenantSuspendedError extends HttpError {
  override name = 'TenantSuspendedError';
  readonly status = 403;
  readonly slug = 'tenant-suspended';
  readonly title = 'The tenant is suspended';
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
}

export class RouteNotFoundError extends HttpError {
  override name = 'RouteNotFoundError';
  readonly status = 404;
  readonly slug = 'route-not-found';
  readonly title = 'No such API route';
}

export class MethodNotAllowedError extends HttpError {
  override name = 'MethodNotAllowedError';
  readonly status = 405;
  readonly slug = 'method-not-allowed';
  readonly title = 'Method not allowed';
}

export class ConflictError extends HttpError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'The request conflicts with the current state';
}

export class PayloadTooLargeError extends HttpError {
  override name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'The request body is too large';
}

export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'The request body must be JSON';
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  request_id: string;
  errors?: readonly FieldProblem[];
}

/** Maps any thrown value onto a problem document; internals of unexpected errors never leak. */
export function toProblem(error: unknown, requestId: string, instance?: string): ProblemDocument {
  if (error instanceof HttpError) {
    return {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      request_id: requestId,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; the request id identifies it in the logs.',
    ...(instance ? { instance } : {}),
    request_id: requestId,
  };
}
