import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, stubApi } from '../testing/fetch-stub';
import { ApiError, apiRequest, buildApiUrl, NetworkError } from './api-client';
import { getApiKey, onSessionEnd, startSession } from './session';

describe('apiRequest', () => {
  let unsubscribe: () => void = () => undefined;
  afterEach(() => unsubscribe());

  it('signs requests with the session key and sends JSON', async () => {
    const api = stubApi().on('POST', '/api/admin/tenants', () => jsonResponse({ tenant_id: 'acme' }, 201));
    startSession('opk_session');

    const result = await apiRequest('/admin/tenants', { method: 'POST', body: { tenant_id: 'acme' } });

    expect(result).toEqual({ tenant_id: 'acme' });
    const [request] = api.requests;
    expect(request?.headers.get('Authorization')).toBe('Bearer opk_session');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.body).toEqual({ tenant_id: 'acme' });
  });

  it('reads an RFC 9457 problem into a typed ApiError', async () => {
    stubApi().on('POST', '/api/admin/tenants', () =>
      problemResponse(400, 'Validation failed', 'The body is invalid', {
        type: 'https://opsdeck.dev/problems/validation',
        errors: [
          { path: 'tenant_id', message: 'Required' },
          { path: ['body', 'name'], message: 'Too long' },
        ],
      }),
    );

    const error = await apiRequest('/admin/tenants', { method: 'POST', body: {} }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      type: 'https://opsdeck.dev/problems/validation',
      title: 'Validation failed',
      detail: 'The body is invalid',
      requestId: 'req-7f3a',
      errors: [
        { path: 'tenant_id', message: 'Required' },
        { path: 'body.name', message: 'Too long' },
      ],
    });
  });

  it('makes do with an error that is not a problem document', async () => {
    stubApi().on(
      'GET',
      '/api/me',
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    const error = await apiRequest('/me').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 502, title: 'Bad Gateway', type: 'about:blank', errors: [] });
  });

  it('ends the session when the API answers 401 to the session key', async () => {
    stubApi().on('GET', '/api/admin/tenants', () => problemResponse(401, 'Unauthorized'));
    startSession('opk_revoked');
    const ended = vi.fn();
    unsubscribe = onSessionEnd(ended);

    await expect(apiRequest('/admin/tenants')).rejects.toMatchObject({ status: 401 });

    expect(getApiKey()).toBeNull();
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('leaves the session alone when a candidate key is refused', async () => {
    stubApi().on('GET', '/api/me', () => problemResponse(401, 'Unauthorized'));
    startSession('opk_current');
    const ended = vi.fn();
    unsubscribe = onSessionEnd(ended);

    await expect(apiRequest('/me', { apiKey: 'opk_candidate' })).rejects.toMatchObject({ status: 401 });

    expect(getApiKey()).toBe('opk_current');
    expect(ended).not.toHaveBeenCalled();
  });

  it('turns a failed connection into a NetworkError', async () => {
    stubApi().on('GET', '/api/me', () => Promise.reject(new TypeError('Failed to fetch')));

    await expect(apiRequest('/me')).rejects.toBeInstanceOf(NetworkError);
  });

  it('answers undefined for 204 No Content', async () => {
    stubApi().on('DELETE', '/api/thing', () => new Response(null, { status: 204 }));

    await expect(apiRequest('/thing', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});

describe('buildApiUrl', () => {
  it('prefixes /api and leaves out empty parameters', () => {
    expect(
      buildApiUrl('/admin/audit', { tenant_id: 'acme', from: null, to: undefined, cursor: '', limit: 50 }),
    ).toBe('/api/admin/audit?tenant_id=acme&limit=50');
  });
});
