import type { Principal } from '../types/api';
import { jsonResponse, stubApi, type ApiStub, type StubHandler } from './fetch-stub';
import { makeTenant, page } from './fixtures';

/**
 * The API as a signed-in page sees it: `GET /api/me` answers `principal`, the tenant list answers
 * `tenants` (by default one tenant, Acme), and each `GET` path in `routes` answers with its handler.
 * Chain `.on(...)` for anything else.
 */
export function stubConsole(
  principal: Principal,
  routes: Record<string, StubHandler>,
  { tenants = () => jsonResponse(page([makeTenant()])) }: { tenants?: StubHandler } = {},
): ApiStub {
  const api = stubApi()
    .on('GET', '/api/me', () => jsonResponse(principal))
    .on('GET', '/api/admin/tenants', tenants);
  for (const [path, handler] of Object.entries(routes)) api.on('GET', path, handler);
  return api;
}
