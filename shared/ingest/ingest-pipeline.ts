import pLimit from 'p-limit';
import type { ZodType, z } from 'zod';
import { PROBLEM_TYPE_BASE } from '../errors/typed-errors';
import { isPlatformPrincipal, requireRole, type Principal } from '../access/principal';
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
  /** A further check of a valid item (e.g. its destination is declared): a problem slug and detail, or null. */
  check?: (item: z.output<TSchema>) => Promise<{ slug: string; detail: string } | null>,
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
    // requireIngestAccess let the principal in; a tenant-scoped one writes its own tenant only.
    const mayWrite = isPlatformPrincipal(principal) || principal.tenantId === tenantId;
    const status = mayWrite ? await statusOf(tenantId) : 'missing';
    if (status === 'missing') {
      return {
        index,
        rejection: { index, type: problemType('not-found'), detail: `Tenant ${tenantId} was not found.` },
      };
    }
    if (status === 'suspended') {
      return {
        index,
        rejection: {
          index,
          type: problemType('tenant-suspended'),
          detail: `Tenant ${tenantId} is suspended.`,
        },
      };
    }
    const problem = check ? await check(parsed.data) : null;
    if (problem)
      return { index, rejection: { index, type: problemType(problem.slug), detail: problem.detail } };
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
export function uniqueBy<T>(
  items: readonly T[],
  idOf: (item: T) => string,
): { unique: T[]; repeats: number } {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const id = idOf(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { unique, repeats: items.length - unique.length };
}

/** DynamoDB calls in flight per batch: enough to hide latency, few enough to stay polite. */
export const STORE_CONCURRENCY = 16;

/**
 * Stores each item once with `insert` (a conditional write that answers false when the item was
 * already stored); repeats within the batch and earlier deliveries count as duplicates.
 */
export async function storeEachOnce<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  insert: (item: T) => Promise<boolean>,
): Promise<{ accepted: number; duplicates: number }> {
  const { unique, repeats } = uniqueBy(items, idOf);
  let accepted = 0;
  let duplicates = repeats;
  await pLimit(STORE_CONCURRENCY).map(unique, async (item) => {
    if (await insert(item)) accepted += 1;
    else duplicates += 1;
  });
  return { accepted, duplicates };
}
