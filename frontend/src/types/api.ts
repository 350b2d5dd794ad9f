/**
 * Shapes of the Opsdeck API as the console reads them (snake_case, exactly as served under /api),
 * derived from the server's zod schemas with `import type` (nothing reaches the bundle); values
 * only from the zod-free `*-vocabulary.ts` modules. Shared by every feature; a feature never
 * imports another feature's types.
 */
import type { z } from 'zod';
import type { auditRecordSchema, chainVerificationSchema } from '../../../shared/audit/audit-schemas';
import type { createdApiKeySchema, meSchema } from '../../../shared/identity/api-key-schemas';
import type { tenantStatusSchema } from '../../../shared/tenants/tenant-schemas';

export { PLATFORM_TENANT as PLATFORM_TENANT_ID } from '../../../shared/access/access-vocabulary';
export type { Role } from '../../../shared/access/access-vocabulary';
export type { ApiKey } from '../../../shared/identity/api-key-schemas';
export type { Tenant } from '../../../shared/tenants/tenant-schemas';
export type { Page } from '../../../shared/pagination/cursor';

/** `GET /api/me`: who the current API key belongs to. */
export type Principal = z.output<typeof meSchema>;
export type PrincipalScope = Principal['scope'];
export type TenantSummary = NonNullable<Principal['tenant']>;
export type TenantStatus = z.output<typeof tenantStatusSchema>;
export type ApiKeyStatus = CreatedApiKey['status'];
/** The answer to creating a key: the only time its secret is ever returned. */
export type CreatedApiKey = z.output<typeof createdApiKeySchema>;
export type AuditEvent = z.output<typeof auditRecordSchema>;
export type AuditActor = AuditEvent['actor'];
export type AuditChainVerification = z.output<typeof chainVerificationSchema>;
