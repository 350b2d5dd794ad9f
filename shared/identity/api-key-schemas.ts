import { z } from 'zod';
import { roleSchema } from '../access/roles';
import { tenantStatusSchema } from '../tenants/tenant-schemas';

export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
});

export const apiKeySchema = z.object({
  key_id: z.string(),
  tenant_id: z.string().nullable(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(['active', 'revoked']),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});

export const createdApiKeySchema = apiKeySchema.extend({
  secret: z.string().describe('The full API key. It is shown only in this response.'),
});

export const apiKeyPathSchema = z.strictObject({
  key_id: z.string().regex(/^[a-z0-9]{20}$/, 'is not a key id'),
});

export const meSchema = z.object({
  key_id: z.string(),
  name: z.string(),
  role: roleSchema,
  scope: z.enum(['tenant', 'platform']),
  tenant_id: z.string().nullable(),
  tenant: z
    .object({ tenant_id: z.string(), name: z.string(), status: tenantStatusSchema, time_zone: z.string() })
    .nullable(),
});

export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;
