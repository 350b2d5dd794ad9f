import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { compileRoutes, toHttpApiEvent } from '../../infra/local/gateway';
import { scheduledEvent, scheduledJobs } from '../../infra/local/scheduler';

describe('local gateway', () => {
  const routes = compileRoutes();
  const match = (method: string, pathname: string) =>
    routes
      .filter((route) => route.pattern.test(pathname) && route.method === method)
      .map((route) => route.routeKey);

  it('matches declared routes under /api with path parameters', () => {
    expect(match('GET', '/api/admin/tenants/acme')).toEqual(['GET /api/admin/tenants/{tenant_id}']);
    expect(match('GET', '/api/admin/audit/verify')).toEqual(['GET /api/admin/audit/verify']);
    expect(match('GET', '/api/admin/tenants/acme/extra')).toEqual([]);
    expect(match('GET', '/admin/tenants')).toEqual([]);
  });

  it('builds payload 2.0 events as API Gateway does', () => {
    const route = routes.find((r) => r.routeKey === 'POST /api/admin/tenants/{tenant_id}/api-keys')!;
    const request = {
      method: 'POST',
      httpVersion: '1.1',
      headers: {
        'content-type': 'application/json',
        cookie: 'a=1; b=2',
        'x-multi': ['1', '2'],
        'user-agent': 'ua',
      },
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const url = new URL('http://localhost/api/admin/tenants/acme/api-keys?x=1&x=2&y=3');
    const event = toHttpApiEvent(request, url, Buffer.from('{"a":1}'), route, { tenant_id: 'acme' });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/admin/tenants/{tenant_id}/api-keys',
      rawPath: '/api/admin/tenants/acme/api-keys',
      rawQueryString: 'x=1&x=2&y=3',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { x: '1,2', y: '3' },
      pathParameters: { tenant_id: 'acme' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', sourceIp: '127.0.0.1', userAgent: 'ua' }, stage: '$default' },
    });
    expect(event.headers['x-multi']).toBe('1,2');
    const binary = toHttpApiEvent(
      { ...request, headers: { 'content-type': 'application/octet-stream' } } as IncomingMessage,
      url,
      Buffer.from([0xff]),
      route,
      {},
    );
    expect(binary).toMatchObject({ isBase64Encoded: true, body: '/w==' });
  });
});

describe('local scheduler', () => {
  it('runs the declared schedules and honours local overrides', () => {
    expect(scheduledJobs('')).toContainEqual({
      functionName: 'verifyAuditChainsScheduled',
      expression: 'rate(1 hour)',
      intervalMs: 3_600_000,
    });
    expect(
      scheduledJobs('verifyAuditChainsScheduled=rate(5 seconds)').find(
        (job) => job.functionName === 'verifyAuditChainsScheduled',
      )!.intervalMs,
    ).toBe(5_000);
    expect(() => scheduledJobs('noSuchFunction=rate(1 minute)')).toThrow(/cannot read/);
  });

  it('sends events shaped like EventBridge scheduled events', () => {
    const event = scheduledEvent('verifyAuditChainsScheduled', new Date('2026-11-28T10:00:00.123Z'));
    expect(event).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-11-28T10:00:00Z',
    });
  });
});
