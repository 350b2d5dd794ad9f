import { z } from 'zod';
import { PLATFORM_TENANT } from '../access/access-vocabulary';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));
timeZones.add('UTC');

/** Tenant ids are lower-case slugs; `platform` is reserved for platform-wide principals. */
export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'must be 3-63 characters: lower-case letters, digits and hyphens')
  .refine((value) => value !== PLATFORM_TENANT, `"${PLATFORM_TENANT}" is reserved`);

export const timeZoneSchema = z.string().refine((value) => timeZones.has(value), 'must be an IANA time zone');

export const tenantStatusSchema = z.enum(['ACTIVE', 'SUSPENDED']);

export const createTenantBodySchema = z.strictObject({
  tenant_id: tenantIdSchema,
  name: z.string().trim().min(1).max(200),
  time_zone: timeZoneSchema.default('UTC'),
});

export const updateTenantBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    time_zone: timeZoneSchema.optional(),
    status: tenantStatusSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');

export const tenantSchema = z.object({
  tenant_id: z.string(),
  name: z.string(),
  time_zone: z.string(),
  status: tenantStatusSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

export const tenantPathSchema = z.strictObject({ tenant_id: z.string().min(1).max(63) });

export type Tenant = z.infer<typeof tenantSchema>;
export type CreateTenantBody = z.infer<typeof createTenantBodySchema>;
export type UpdateTenantBody = z.infer<typeof updateTenantBodySchema>;
