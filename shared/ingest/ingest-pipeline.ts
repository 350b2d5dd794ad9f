import type { ZodType, z } from 'zod';
import { PROBLEM_TYPE_BASE } from '../http/errors';
import { isPlatformPrincipal, requireRole, type Principal } from '../identity/principal';
import { roleAtLeast } from '../identity/roles';
import { findTenant } from '../tenants/tenant-repository';
import type { IngestResult } from './ingest-schemas';

export interface IngestRejection {
  index: number;
  type: string;
  detail: string;
}

/** Stores the valid items of a batch; returns how many were new and how many already known. */
export type IngestApply<T> = (items: T[]) => Promise<{ accepted: number; duplicates: number }>;

/** Who may ingest: the platform's `ingest` machine role, or an admin (a tenant admin for its own tenant). */
export function requireIngestAccess(principal: Principal): void {
  if (principal.role !== 'ingest') requireRole(principal, 'admin');
}

const problemType = (slug: string) => `${PROBLEM_TYPE_BASE}${slug}`;

/**
 * The one path every ingest batch takes (HTTP and SQS alike): validate each item on its own,
 * refuse items for tenants the principal may not write or that do not exist, apply the valid ones,
 * and report accepted, duplicate and rejected items. An item is applied whole or not at all.
 */
export async function ingestItems<TSchema extends ZodType>(
  principal: Principal,
  items: readonly unknown[],
  schema: TSchema,
  tenantOf: (item: z.output<TSchema>) => string,
  apply: IngestApply<z.output<TSchema>>,
): Promise<IngestResult> {
  requireIngestAccess(principal);
  const rejected: IngestRejection[] = [];
  const valid: z.output<TSchema>[] = [];
  const tenantStatus = new Map<string, Promise<'ok' | 'missing' | 'suspended'>>();
  const statusOf = (tenantId: string) => {
    let status = tenantStatus.get(tenantId);
    if (!status) {
      status = findTenant(tenantId).then((tenant) =>
        !tenant ? 'missing' : tenant.status === 'SUSPENDED' ? 'suspended' : 'ok',
      );
      tenantStatus.set(tenantId, status);
    }
    return status;
  };
  const checks = items.map(async (item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'item'} ${issue.message}`)
        .join('; ');
      return { index, rejection: { index, type: problemType('validation-error'), detail } };
    }
    const tenantId = tenantOf(parsed.data);
    const mayWrite = isPlatformPrincipal(principal) ? principal.role === 'ingest' || roleAtLeast(principal.role, 'admin') : principal.tenantId === tenantId;
    const status = mayWrite ? await statusOf(tenantId) : 'missing';
    if (status === 'missing') {
      return { index, rejection: { index, type: problemType('not-found'), detail: `Tenant ${tenantId} was not found.` } };
    }
    if (status === 'suspended') {
      return { index, rejection: { index, type: problemType('tenant-suspended'), detail: `Tenant ${tenantId} is suspended.` } };
    }
    return { index, value: parsed.data as z.output<TSchema> };
  });
  for (const outcome of await Promise.all(checks)) {
    if ('rejection' in outcome && outcome.rejection) rejected.push(outcome.rejection);
    else if ('value' in outcome) valid.push(outcome.value as z.output<TSchema>);
  }
  const { accepted, duplicates } = valid.length ? await apply(valid) : { accepted: 0, duplicates: 0 };
  return { accepted, duplicates, rejected };
}

/** Removes repeats of the same id within one batch, counting them as duplicates. */
export function uniqueBy<T>(items: readonly T[], idOf: (item: T) => string): { unique: T[]; repeats: number } {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const id = idOf(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { unique, repeats: items.length - unique.length };
}
