import { integerEnv } from '../settings/env';
import { TenantSuspendedError, UnauthorizedError } from '../errors/typed-errors';
import { findTenant } from '../tenants/tenant-repository';
import { parseApiKey, secretMatches } from './api-key-secret';
import { findStoredApiKey, touchApiKey } from './api-key-repository';
import type { Principal } from '../access/principal';

/** How stale `last_used_at` may get before a request refreshes it (one write per key per window). */
const LAST_USED_RESOLUTION_MS = integerEnv('OPSDECK_KEY_LAST_USED_RESOLUTION_SECONDS', 300) * 1000;

/**
 * Resolves an `Authorization` header into a principal. Every failure of the key itself is the
 * same 401 (no hint whether the id exists); a key of a suspended tenant gets 403.
 */
export async function authenticate(authorization: string | undefined): Promise<Principal> {
  if (!authorization) throw new UnauthorizedError('Send an API key as "Authorization: Bearer <key>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const parsed = match ? parseApiKey(match[1]!) : null;
  if (!parsed) throw new UnauthorizedError('The API key is malformed.');

  const stored = await findStoredApiKey(parsed.keyId);
  const valid =
    stored !== null && secretMatches(parsed.secret, stored.secret_hash) && stored.status === 'active';
  if (!valid) throw new UnauthorizedError('The API key is not valid or has been revoked.');

  if (stored.tenant_id !== null) {
    const tenant = await findTenant(stored.tenant_id);
    if (!tenant) throw new UnauthorizedError('The API key is not valid or has been revoked.');
    if (tenant.status === 'SUSPENDED') {
      throw new TenantSuspendedError(`Tenant ${tenant.tenant_id} is suspended; its keys are refused.`);
    }
  }
  const now = new Date();
  if (!stored.last_used_at || now.getTime() - Date.parse(stored.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await touchApiKey(stored.key_id, now, LAST_USED_RESOLUTION_MS);
  }
  return { keyId: stored.key_id, name: stored.name, role: stored.role, tenantId: stored.tenant_id };
}
