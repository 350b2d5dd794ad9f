import { z } from 'zod';

/**
 * Alert channels: where notifications of alerts go, a signed webhook or a list of e-mail addresses.
 * The schemas here are the API's edge (bodies, queries, responses) and are reused by the OpenAPI
 * document; the stored item also holds the webhook's signing secrets, which never leave the
 * repository except in the response that created or rotated them.
 */

export const CHANNEL_TYPES = ['webhook', 'email'] as const;
export const channelTypeSchema = z.enum(CHANNEL_TYPES);
export type ChannelType = z.infer<typeof channelTypeSchema>;

/** Channel ids are ULIDs generated on creation. */
export const channelIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a channel id (a ULID)');

export const channelPathSchema = z.strictObject({ channel_id: channelIdSchema });

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes. */
export const webhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
  .refine((value) => {
    const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must carry 24 to 64 bytes after whsec_');

const emailAddressSchema = z
  .string()
  .max(254)
  .pipe(z.email({ message: 'must be an e-mail address' }));
export const emailAddressesSchema = z
  .array(emailAddressSchema)
  .min(1)
  .max(20)
  .refine((addresses) => new Set(addresses.map((a) => a.toLowerCase())).size === addresses.length, {
    message: 'must not repeat an address',
  });

const channelNameSchema = z.string().trim().min(1).max(120);
/** The owner of a channel: a tenant id, or `platform` for the channels of platform-scope alerts. */
const ownerParameterSchema = z.string().min(1).max(63);

export const createChannelBodySchema = z.discriminatedUnion('channel_type', [
  z.strictObject({
    channel_type: z.literal('webhook'),
    name: channelNameSchema,
    tenant_id: ownerParameterSchema.optional(),
    enabled: z.boolean().default(true),
    url: z.string().min(1).max(2048),
    /** Omit to have one generated (returned once, in the 201). */
    secret: webhookSecretSchema.optional(),
  }),
  z.strictObject({
    channel_type: z.literal('email'),
    name: channelNameSchema,
    tenant_id: ownerParameterSchema.optional(),
    enabled: z.boolean().default(true),
    addresses: emailAddressesSchema,
  }),
]);

export const updateChannelBodySchema = z
  .strictObject({
    /** Names the owner of the channel for platform principals; tenant principals may omit it. */
    tenant_id: ownerParameterSchema.optional(),
    name: channelNameSchema.optional(),
    enabled: z.boolean().optional(),
    /** Webhook channels only. A changed URL clears `verified`. */
    url: z.string().min(1).max(2048).optional(),
    /** E-mail channels only. Changed addresses clear `verified`. */
    addresses: emailAddressesSchema.optional(),
    /** Webhook channels only: generate a new secret; the old one stays valid for the grace period. */
    rotate_secret: z.boolean().optional(),
    /** With rotate_secret: the new secret to use instead of a generated one. */
    secret: webhookSecretSchema.optional(),
    /** With rotate_secret: how long the old secret keeps signing (0 ends it now; at most 7 days). */
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'tenant_id'), {
    message: 'must change at least one field',
  })
  .refine((body) => body.secret === undefined || body.rotate_secret === true, {
    message: 'secret may only be given with rotate_secret: true',
    path: ['secret'],
  })
  .refine((body) => body.grace_period_seconds === undefined || body.rotate_secret === true, {
    message: 'grace_period_seconds may only be given with rotate_secret: true',
    path: ['grace_period_seconds'],
  });

export const ownerQuerySchema = z.strictObject({ tenant_id: ownerParameterSchema.optional() });

export const listChannelsQuerySchema = z.strictObject({
  /** Required for platform principals (a tenant id or `platform`); tenant principals may omit it. */
  tenant_id: ownerParameterSchema.optional(),
});

export const verificationResultSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  status_code: z.number().int().optional(),
  error: z.string().optional(),
  latency_ms: z.number().int(),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

export const alertChannelSchema = z.object({
  channel_id: z.string(),
  tenant_id: z.string().describe('The owner: a tenant id, or `platform`'),
  channel_type: channelTypeSchema,
  name: z.string(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable().describe('Why delivery disabled the channel (e.g. a 410)'),
  verified: z.boolean(),
  verified_at: z.string().nullable(),
  last_verification: verificationResultSchema.nullable(),
  url: z.string().optional().describe('Webhook channels'),
  addresses: z.array(z.string()).optional().describe('E-mail channels'),
  secret_rotation: z
    .object({ previous_secret_expires_at: z.string() })
    .nullable()
    .optional()
    .describe('Webhook channels: while the old secret still signs'),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
});
export type AlertChannel = z.infer<typeof alertChannelSchema>;

/** The creation (and rotation) response: the channel and its new secret, shown this once. */
export const alertChannelWithSecretSchema = alertChannelSchema.extend({
  secret: z.string().optional().describe('The signing secret; returned only on creation and rotation'),
});

export const channelListSchema = z.object({
  items: z.array(alertChannelSchema),
  next_cursor: z.null().describe('Always null: one owner has few channels, listed whole'),
});

export const verifyChannelResponseSchema = z.object({
  channel: alertChannelSchema,
  result: verificationResultSchema,
  notification_id: z.string().describe('The webhook-id of the test notification'),
});

export type CreateChannelBody = z.output<typeof createChannelBodySchema>;
export type UpdateChannelBody = z.output<typeof updateChannelBodySchema>;
export type ListChannelsQuery = z.output<typeof listChannelsQuerySchema>;
