import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { tableEnvName, type TableName } from '../../../shared/resources/declarations';

export const stack = inject('stack');
export const adminKey = inject('adminKey');
/** The gateway on the IPv4 loopback it listens on. */
export const baseUrl = stack.gateway.replace('localhost', '127.0.0.1');

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the local API as a client would. `body` is JSON unless `raw` is given. */
export async function api<T = any>(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? adminKey : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}/api${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (text && /json/.test(response.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** A fresh, unique tenant id for a test. */
export const uniqueTenantId = (prefix = 't') => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Creates a tenant as the super-admin and returns its id. */
export async function createTenant(
  tenantId = uniqueTenantId(),
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await api('POST', '/admin/tenants', {
    body: { tenant_id: tenantId, name: `Tenant ${tenantId}`, ...extra },
  });
  if (response.status !== 201) throw new Error(`could not create tenant: ${JSON.stringify(response.body)}`);
  return tenantId;
}

/** Issues a key (as the super-admin) for a tenant or `platform` and returns the secret. */
export async function createKey(tenantId: string, role: string, name = `${role} key`): Promise<string> {
  const response = await api('POST', `/admin/tenants/${tenantId}/api-keys`, { body: { name, role } });
  if (response.status !== 201) throw new Error(`could not create key: ${JSON.stringify(response.body)}`);
  return response.body.secret as string;
}

/** Direct access to DynamoDB Local, for tests that inspect or tamper with stored data. */
export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: stack.endpoints.dynamodb,
    region: stack.region,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  }),
);

/** Asserts the shape of an RFC 9457 problem response. */
export function expectProblem(response: ApiResponse, status: number, slug?: string): void {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  if (!/application\/problem\+json/.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`expected problem+json, got ${response.headers.get('content-type')}`);
  }
  const body = response.body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    request_id: string;
  };
  if (body.status !== status || !body.title || !body.type || !body.request_id) {
    throw new Error(`malformed problem: ${JSON.stringify(body)}`);
  }
  if (slug && !body.type.endsWith(`/${slug}`))
    throw new Error(`expected problem type ${slug}, got ${body.type}`);
  if (JSON.stringify(body).includes('    at ')) throw new Error('problem leaks a stack trace');
}

/**
 * Points this test process's AWS clients at the stack's emulators and gives it every table's name,
 * so that shared services can run in-process as the scheduler or a consumer runs them. Call it
 * before importing those services (they read the environment when they load); `extra` adds or
 * overrides variables (a queue URL, a setting).
 */
export function useStackInThisProcess(extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    OPSDECK_DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    OPSDECK_SQS_ENDPOINT: stack.endpoints.sqs,
    ...Object.fromEntries(
      (Object.keys(stack.tables) as TableName[]).map((name) => [tableEnvName(name), stack.tables[name]]),
    ),
    ...extra,
  });
}
