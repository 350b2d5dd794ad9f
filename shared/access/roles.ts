import { z } from 'zod';
import { ROLES, type HumanRole, type Role } from './access-vocabulary';

export const roleSchema = z.enum(ROLES);

const rank: Record<Role, number> = { ingest: 0, viewer: 1, operator: 2, admin: 3, super_admin: 4 };

/** True when `role` is at least `minimum` in the human role order (ingest is never). */
export function roleAtLeast(role: Role, minimum: HumanRole): boolean {
  return role !== 'ingest' && rank[role] >= rank[minimum];
}
