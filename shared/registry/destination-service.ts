import { commitWithAudit } from '../audit-trail/audit-repository';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requireRole,
  requireTenantAccess,
  resolveTenantScope,
  type Principal,
} from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import type { Page } from '../pagination/cursor';
import { findTenant } from '../tenants/tenant-repository';
import { checkDestinationAddress, normalizeDestinationAddress } from './destination-address';
import { type DestinationKind } from '../platform/platform-vocabulary';
import {
  deleteDestinationWrites,
  findDestination,
  findDestinationsByAddress,
  listDestinations,
  putDestinationWrites,
} from './destination-repository';
import type { Destination, ListDestinationsQuery, PutDestinationBody } from './destination-schemas';
import { LOOPBACK_DESTINATIONS_ALLOWED } from './registry-settings';

/** Reads: platform principals (viewer or above) and tenant admins. */
function authorizeRead(principal: Principal): void {
  requireRole(principal, isPlatformPrincipal(principal) ? 'viewer' : 'admin');
}

const notFound = (destinationId: string) => new NotFoundError(`Destination ${destinationId} was not found.`);

/** A tenant principal sees platform-wide destinations and its own tenant's. */
const isVisibleTo = (principal: Principal, destination: Destination) =>
  isPlatformPrincipal(principal) ||
  destination.tenant_id === null ||
  destination.tenant_id === principal.tenantId;

/**
 * The destination a DLQ entry of `tenantId` may name: a declared destination of that kind and
 * (normalised) address that is platform-wide or belongs to the tenant; null for anything else.
 */
export async function findDeclaredDestination(
  tenantId: string,
  kind: DestinationKind,
  address: string,
): Promise<Destination | null> {
  const normalized = normalizeDestinationAddress(kind, address);
  if (normalized === null) return null;
  const declared = await findDestinationsByAddress(kind, normalized);
  return (
    declared.find((destination) => destination.tenant_id === null || destination.tenant_id === tenantId) ??
    null
  );
}

/**
 * Lists destinations: a tenant admin sees the platform-wide ones and its tenant's; platform
 * principals see all. `tenant_id` narrows the list to that tenant's own destinations (platform
 * principals may name `platform` for the platform-wide ones).
 */
export async function listDestinationsFor(
  principal: Principal,
  query: ListDestinationsQuery,
): Promise<Page<Destination>> {
  authorizeRead(principal);
  if (query.tenant_id !== undefined) {
    const tenantId = resolveTenantScope(principal, query.tenant_id)!;
    if (tenantId === PLATFORM_TENANT) return listDestinations([PLATFORM_TENANT], query);
    if (isPlatformPrincipal(principal) && !(await findTenant(tenantId))) {
      throw new NotFoundError(`Tenant ${tenantId} was not found.`);
    }
    return listDestinations([tenantId], query);
  }
  if (isPlatformPrincipal(principal)) return listDestinations('all', query);
  return listDestinations([PLATFORM_TENANT, principal.tenantId!], query);
}

/** Reads one destination the principal may see (404 for any other). */
export async function getDestination(principal: Principal, destinationId: string): Promise<Destination> {
  authorizeRead(principal);
  const destination = await findDestination(destinationId);
  if (!destination || !isVisibleTo(principal, destination)) throw notFound(destinationId);
  return destination;
}

/**
 * The owner a PUT names: a tenant admin's own tenant (naming another gives 404); for a platform
 * admin the named tenant (which must exist) or none, meaning platform-wide.
 */
async function resolveOwner(principal: Principal, requested: string | undefined): Promise<string | null> {
  if (!isPlatformPrincipal(principal)) {
    if (requested !== undefined) requireTenantAccess(principal, requested);
    return principal.tenantId;
  }
  if (requested === undefined) return null;
  if (!(await findTenant(requested))) throw new NotFoundError(`Tenant ${requested} was not found.`);
  return requested;
}

/**
 * Declares a destination or replaces it (admins): tenant admins manage their tenant's only, never
 * platform-wide ones; an existing destination keeps its owner. Audited on the owner's chain.
 */
export async function putDestination(
  principal: Principal,
  destinationId: string,
  body: PutDestinationBody,
  requestId: string,
): Promise<{ destination: Destination; created: boolean }> {
  requireRole(principal, 'admin');
  const owner = await resolveOwner(principal, body.tenant_id);
  const check = checkDestinationAddress(body.kind, body.address, {
    allowLoopback: LOOPBACK_DESTINATIONS_ALLOWED,
  });
  if (!check.ok) {
    throw new ValidationError(`The body is not valid: body.address ${check.problem}`, {
      errors: [{ path: 'body.address', message: check.problem }],
    });
  }
  const before = await findDestination(destinationId);
  if (before && before.tenant_id !== owner) {
    if (!isPlatformPrincipal(principal) && before.tenant_id === null) {
      throw new ForbiddenError('Tenant admins may not change platform-wide destinations.');
    }
    if (!isPlatformPrincipal(principal))
      throw new ConflictError(`Destination id ${destinationId} is not available.`);
    throw new ConflictError(
      `Destination ${destinationId} belongs to ${before.tenant_id ?? 'the platform'}; its owner cannot change (delete it and declare it again).`,
    );
  }
  if (before && before.kind === body.kind && before.address === check.address) {
    return { destination: before, created: false };
  }
  const now = new Date().toISOString();
  const destination: Destination = {
    destination_id: destinationId,
    kind: body.kind,
    address: check.address,
    tenant_id: owner,
    created_at: before?.created_at ?? now,
    updated_at:
      before && before.updated_at >= now ? new Date(Date.parse(before.updated_at) + 1).toISOString() : now,
  };
  await commitWithAudit(
    {
      tenant_id: owner ?? PLATFORM_TENANT,
      actor: actorOf(principal),
      action: before ? 'destination.updated' : 'destination.created',
      resource: { type: 'destination', id: destinationId },
      before: before ? { ...before } : null,
      after: { ...destination },
      request_id: requestId,
    },
    putDestinationWrites(destination, before),
  );
  return { destination, created: before === null };
}

/** Deletes a destination (admins; tenant admins only their tenant's). */
export async function deleteDestination(
  principal: Principal,
  destinationId: string,
  requestId: string,
): Promise<void> {
  requireRole(principal, 'admin');
  const before = await findDestination(destinationId);
  if (!before || !isVisibleTo(principal, before)) throw notFound(destinationId);
  if (!isPlatformPrincipal(principal) && before.tenant_id === null) {
    throw new ForbiddenError('Tenant admins may not delete platform-wide destinations.');
  }
  await commitWithAudit(
    {
      tenant_id: before.tenant_id ?? PLATFORM_TENANT,
      actor: actorOf(principal),
      action: 'destination.deleted',
      resource: { type: 'destination', id: destinationId },
      before: { ...before },
      after: null,
      request_id: requestId,
    },
    deleteDestinationWrites(before),
  );
}
