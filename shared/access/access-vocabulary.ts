/** Roles and scopes: plain values (no zod), shared with the console. */

/** Human roles, in increasing order of power; `ingest` is a machine role outside this order. */
export const HUMAN_ROLES = ['viewer', 'operator', 'admin', 'super_admin'] as const;
export const ROLES = [...HUMAN_ROLES, 'ingest'] as const;

export type HumanRole = (typeof HUMAN_ROLES)[number];
export type Role = (typeof ROLES)[number];

/** The reserved tenant id under which platform-wide principals and their audit chain live. */
export const PLATFORM_TENANT = 'platform';

/** Roles a tenant-scoped key may have; super_admin and ingest exist only platform-wide. */
export const TENANT_KEY_ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[];
