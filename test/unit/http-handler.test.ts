import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError } from '../../shared/errors/typed-errors';
import { httpHandler } from '../../shared/http/http-handler';
import { httpApiEvent, lambdaContext } from '../fixtures/http-api-event';

const body = z.strictObject({ name: z.string().min(1), count: z.number().int().optional() });
const query = z.strictObject({ limit: z.coerce.number().int().max(10).default(5) });

const echo = httpHandler(
  { authenticated: false, body, query, maxBodyBytes: 100 },
  ({ body, query, requestId }) => ({
    status: 201,
    body: { ...body, limit: query.limit, requestId },
  }),
);

async function call(handler: typeof echo, event = httpApiEvent()) {
  const response = (await handler(event, lambdaContext, { signal: new AbortController().signal }))!;
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined };
}

describe('httpHandler', () => {
  it('hands validated, defaulted input to the handler and maps the result', async () => {
    const response = await call(echo, httpApiEvent({ body: '{"name":"a"}' }));
    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({ name: 'a', limit: 5, requestId: 'req-fixture' });
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'X-Request-Id': 'req-fixture',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('rejects unknown fields, wrong types and unknown query parameters with field-level problems', async () => {
    const unknown = await call(echo, httpApiEvent({ body: '{"name":"a","admin":true}' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers?.['Content-Type']).toBe('application/problem+json');
    expect(unknown.json.type).toBe('https://opsdeck.dev/problems/validation-error');
    const wrongType = await call(echo, httpApiEvent({ body: '{"name":"a","count":"3"}' }));
    expect(wrongType.json.errors).toEqual([expect.objectContaining({ path: 'body.count' })]);
    const badQuery = await call(
      echo,
      httpApiEvent({ body: '{"name":"a"}', queryStringParameters: { limit: '50' } }),
    );
    expect(badQuery.json.errors[0].path).toBe('query.limit');
  });

  it('enforces the body limit, JSON content type and JSON syntax', async () => {
    expect(
      (await call(echo, httpApiEvent({ body: JSON.stringify({ name: 'x'.repeat(200) }) }))).statusCode,
    ).toBe(413);
    expect(
      (await call(echo, httpApiEvent({ body: '{"name":"a"}', headers: { 'content-type': 'text/plain' } })))
        .statusCode,
    ).toBe(415);
    const malformed = await call(echo, httpApiEvent({ body: '{"name":' }));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json.type).toMatch(/malformed-json$/);
    const base64 = await call(
      echo,
      httpApiEvent({ body: Buffer.from('{"name":"b"}').toString('base64'), isBase64Encoded: true }),
    );
    expect(base64.json.name).toBe('b');
  });

  it('maps typed errors to their status and hides unexpected ones', async () => {
    const conflict = httpHandler({ authenticated: false }, () => {
      throw new ConflictError('already there');
    });
    const conflictResponse = await call(conflict, httpApiEvent());
    expect(conflictResponse.statusCode).toBe(409);
    expect(conflictResponse.json).toMatchObject({
      status: 409,
      detail: 'already there',
      request_id: 'req-fixture',
    });

    const crash = httpHandler({ authenticated: false }, () => {
      throw new Error('connection string postgres://secret@db');
    });
    const crashResponse = await call(crash, httpApiEvent());
    expect(crashResponse.statusCode).toBe(500);
    expect(JSON.stringify(crashResponse.json)).not.toContain('secret');
    expect(crashResponse.json.type).toMatch(/internal-error$/);
  });

  it('refuses a body on a route that takes none', async () => {
    const none = httpHandler({ authenticated: false }, () => ({ body: { ok: true } }));
    expect((await call(none, httpApiEvent({ body: '{"x":1}' }))).statusCode).toBe(400);
    expect((await call(none, httpApiEvent())).statusCode).toBe(200);
  });

  it('uses a well-formed caller request id and ignores a malformed one', async () => {
    const withId = await call(
      echo,
      httpApiEvent({
        body: '{"name":"a"}',
        headers: { 'content-type': 'application/json', 'x-request-id': 'abc-1' },
      }),
    );
    expect(withId.json.requestId).toBe('abc-1');
    const injected = await call(
      echo,
      httpApiEvent({
        body: '{"name":"a"}',
        headers: { 'content-type': 'application/json', 'x-request-id': 'a b\n' },
      }),
    );
    expect(injected.json.requestId).toBe('req-fixture');
  });
});
