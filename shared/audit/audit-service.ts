import { requireRole, requireTenantAccess, type Principal } from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { NotFoundError } from '../errors/typed-errors';
import { findTenant, listTenants } from '../tenants/tenant-repository';
import { logger } from '../logging/logger';
import type { Page } from '../pagination/cursor';
import type { AuditRecord, ChainVerification } from '../audit-trail/audit-chain';
import { listAuditEvents, saveVerification, verifyAuditChain } from '../audit-trail/audit-repository';
import type { ListAuditQuery } from './audit-schemas';

/**
 * The chain an admin may read: a tenant admin reads its own tenant's; a platform admin names a
 * tenant, or reads the platform's own chain when it names none.
 */
async function authorizeChain(principal: Principal, requested: string | undefined): Promise<string> {
  requireRole(principal, 'admin');
  const chain = requested ?? principal.tenantId ?? PLATFORM_TENANT;
  requireTenantAccess(principal, chain);
  if (chain !== PLATFORM_TENANT && principal.tenantId === null && !(await findTenant(chain))) {
    throw new NotFoundError(`Tenant ${chain} was not found.`);
  }
  return chain;
}

/** Lists audit events of one chain, newest first. */
export async function listAuditEventsFor(
  principal: Principal,
  query: ListAuditQuery,
): Promise<Page<AuditRecord>> {
  const chain = await authorizeChain(principal, query.tenant_id);
  return listAuditEvents(chain, query);
}

/** Verifies one chain end to end. */
export async function verifyAuditChainFor(
  principal: Principal,
  tenantId: string | undefined,
): Promise<ChainVerification> {
  return verifyAuditChain(await authorizeChain(principal, tenantId));
}

/** Verifies the platform's chain and every tenant's, records each outcome and logs breaks. */
export async function verifyAllAuditChains(now: Date): Promise<ChainVerification[]> {
  const chains = [PLATFORM_TENANT];
  let cursor: string | undefined;
  do {
    const page = await listTenants({ cursor, limit: 100 });
    chains.push(...page.items.map((tenant) => tenant.tenant_id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  const results: ChainVerification[] = [];
  for (const chain of chains) {
    const result = await verifyAuditChain(chain);
    await saveVerification(result, now.toISOString());
    if (!result.ok) logger.error('audit chain broken', { chain, first_broken: result.first_broken });
    results.push(result);
  }
  return results;
}
