import { z } from 'zod';

const isoInstant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const listAuditQuerySchema = z
  .strictObject({
    tenant_id: z.string().min(1).max(63).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    cursor: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const verifyAuditQuerySchema = z.strictObject({
  tenant_id: z.string().min(1).max(63).optional(),
});

export const auditRecordSchema = z.object({
  tenant_id: z.string(),
  seq: z.number(),
  event_id: z.string(),
  occurred_at: z.string(),
  actor: z.object({
    key_id: z.string(),
    name: z.string(),
    role: z.string(),
    tenant_id: z.string().nullable(),
  }),
  action: z.string(),
  resource: z.object({ type: z.string(), id: z.string() }),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  request_id: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});

export const chainVerificationSchema = z.object({
  tenant_id: z.string(),
  ok: z.boolean(),
  checked: z.number(),
  first_broken: z.object({ seq: z.number(), reason: z.string() }).nullable(),
});

export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;
