import { endSession, getApiKey } from './session';

/** Every API route is mounted under this prefix, on the console's own origin. */
export const API_BASE_PATH = '/api';

export interface ProblemFieldError {
  path: string;
  message: string;
}

interface ProblemDetails {
  status: number;
  type: string;
  title: string;
  detail?: string | undefined;
  requestId?: string | undefined;
  errors?: ProblemFieldError[] | undefined;
}

/** An HTTP error answered by the API, read from its RFC 9457 `application/problem+json` body. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: ProblemFieldError[];

  constructor(problem: ProblemDetails) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.errors = problem.errors ?? [];
  }
}

/** The request never got an HTTP answer (offline, DNS, connection refused, CORS). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Query string parameters; null, undefined and empty strings are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal | undefined;
  /**
   * Sign this one request with a key that is not (yet) the session's, as sign-in does to
   * validate a pasted key. A 401 then belongs to the caller and does not end the session.
   */
  apiKey?: string;
}

/** Calls the API and returns its parsed JSON body; failures throw `ApiError` or `NetworkError`. */
export async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = options;
  const apiKey = options.apiKey ?? getApiKey();

  const headers = new Headers({ Accept: 'application/json, application/problem+json' });
  if (apiKey) headers.set('Authorization', `Bearer ${apiKey}`);
  if (body !== undefined) headers.set('Content-Type', 'application/json');

  let response: Response;
  try {
    response = await fetch(buildApiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError('The Opsdeck API could not be reached. Check your connection and try again.', {
      cause: error,
    });
  }

  if (!response.ok) {
    const error = await readApiError(response);
    // A rejected session key means the session is over; a rejected candidate key is the caller's business.
    if (error.status === 401 && options.apiKey === undefined) endSession('expired');
    throw error;
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** `/api` + path + query string, with empty parameters left out. */
export function buildApiUrl(path: string, query?: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const queryString = search.toString();
  return `${API_BASE_PATH}${path}${queryString ? `?${queryString}` : ''}`;
}

async function readApiError(response: Response): Promise<ApiError> {
  const fallback: ProblemDetails = {
    status: response.status,
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
  };
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.includes('json')) return new ApiError(fallback);

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(fallback);
  }
  if (!isRecord(body)) return new ApiError(fallback);

  return new ApiError({
    status: response.status,
    type: stringOr(body.type, fallback.type),
    title: stringOr(body.title, fallback.title),
    detail: optionalString(body.detail),
    requestId: optionalString(body.request_id) ?? response.headers.get('X-Request-Id') ?? undefined,
    errors: Array.isArray(body.errors) ? body.errors.flatMap(readFieldError) : [],
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFieldError(value: unknown): ProblemFieldError[] {
  if (!isRecord(value) || typeof value.message !== 'string') return [];
  // zod issue paths arrive as strings ("name") or as segment arrays (["body", "name"]).
  const path = Array.isArray(value.path) ? value.path.map(String).join('.') : String(value.path ?? '');
  return [{ path, message: value.message }];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
