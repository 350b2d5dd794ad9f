import { z } from 'zod';

/** Human roles, in increasing order of power; `ingest` is a machine role outside this order. */
export const HUMAN_ROLES = ['viewer', 'operator', 'admin', 'super_admin'] as const;
export const ROLES = [...HUMAN_ROLES, 'ingest'] as const;

export type HumanRole = (typeof HUMAN_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

/** The reserved tenant id under which platform-wide principals and their audit chain live. */
export const PLATFORM_TENANT = 'platform';

const rank: Record<Role, number> = { ingest: 0, viewer: 1, operator: 2, admin: 3, super_admin: 4 };

/** True when `role` is at least `minimum` in the human role order (ingest is never). */
export function roleAtLeast(role: Role, minimum: HumanRole): boolean {
  return role !== 'ingest' && rank[role] >= rank[minimum];
}

/** Roles a tenant-scoped key may have; super_admin and ingest exist only platform-wide. */
export const TENANT_KEY_ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[];
