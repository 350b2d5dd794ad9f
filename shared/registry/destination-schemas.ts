import { z } from 'zod';
import { tenantIdSchema } from '../tenants/tenant-schemas';
import { DESTINATION_KINDS } from '../platform/platform-vocabulary';

/**
 * The destination registry: the queues, event buses and HTTP endpoints the platform's events go
 * to. A DLQ entry may only name a declared destination, so that a redrive can never be aimed at
 * another tenant's queue or an internal address.
 */

export const destinationKindSchema = z.enum(DESTINATION_KINDS);

export const destinationIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, 'must be 1-128 characters: lower-case letters, digits, . _ and -');

export const destinationPathSchema = z.strictObject({ destination_id: destinationIdSchema });

export const putDestinationBodySchema = z.strictObject({
  kind: destinationKindSchema,
  /** A queue URL, event bus ARN or https URL, checked per kind (see docs/registry.md). */
  address: z.string().min(1).max(2048),
  /** The owning tenant; omitted by a platform admin: platform-wide; by a tenant admin: its own. */
  tenant_id: tenantIdSchema.optional(),
});

export const listDestinationsQuerySchema = z.strictObject({
  /** Only this tenant's own destinations. */
  tenant_id: z.string().min(1).max(63).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const destinationSchema = z.object({
  destination_id: z.string(),
  kind: destinationKindSchema,
  address: z.string(),
  tenant_id: z.string().nullable().describe('The owning tenant; null for a platform-wide destination'),
  created_at: z.string(),
  updated_at: z.string(),
});

export type PutDestinationBody = z.output<typeof putDestinationBodySchema>;
export type ListDestinationsQuery = z.output<typeof listDestinationsQuerySchema>;
export type Destination = z.infer<typeof destinationSchema>;
