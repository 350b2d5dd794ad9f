import { ulid } from 'ulid';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { NotFoundError, ValidationError } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requireRole,
  requireTenantAccess,
  type Principal,
} from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { findTenant } from '../tenants/tenant-repository';
import type { AlertNotificationPayload } from './alert-contract';
import {
  deleteChannelWrites,
  findStoredChannel,
  findStoredChannelById,
  listChannels,
  nextUpdatedAt,
  putChannelWrites,
  recordVerificationWrites,
  toPublicChannel,
  type StoredChannel,
  type StoredSecret,
} from './channel-repository';
import type {
  AlertChannel,
  CreateChannelBody,
  ListChannelsQuery,
  UpdateChannelBody,
  VerificationResult,
} from './channel-schemas';
import { SECRET_GRACE_S, WEBHOOK_ALLOW_HTTP_HOSTS } from './delivery-settings';
import { sendToChannel } from './notification-sender';
import { checkWebhookUrl, type HostResolver } from './safe-url';
import { generateWebhookSecret } from './webhook-signature';

/*
 * Who may do what:
 * - read (list): operator or above — operators triage alerts and need to see where they go;
 * - create, change, delete, verify: admin or above — a channel decides where a tenant's alert
 *   data leaves Opsdeck, and verify sends real traffic to it.
 * Tenant principals act on their own tenant only (another tenant, or `platform`, is 404). Platform
 * principals name the owner with `tenant_id` (a tenant id or `platform`; omitted: `platform`).
 */

const channelNotFound = (channelId: string) => new NotFoundError(`Channel ${channelId} was not found.`);

/** The owner a call acts on, checked against the principal (404 for another tenant). */
async function resolveOwner(principal: Principal, requested: string | undefined): Promise<string> {
  if (!isPlatformPrincipal(principal)) {
    if (requested !== undefined) requireTenantAccess(principal, requested);
    return principal.tenantId!;
  }
  const owner = requested ?? PLATFORM_TENANT;
  if (owner !== PLATFORM_TENANT && !(await findTenant(owner))) {
    throw new NotFoundError(`Tenant ${owner} was not found.`);
  }
  return owner;
}

/** A channel the principal may address: by owner when named (or a tenant's own), else by id. */
async function findChannelFor(
  principal: Principal,
  channelId: string,
  requestedOwner: string | undefined,
): Promise<StoredChannel> {
  let channel: StoredChannel | null;
  if (isPlatformPrincipal(principal) && requestedOwner === undefined) {
    channel = await findStoredChannelById(channelId);
  } else {
    channel = await findStoredChannel(await resolveOwner(principal, requestedOwner), channelId);
  }
  if (!channel) throw channelNotFound(channelId);
  return channel;
}

function invalidField(path: string, message: string): ValidationError {
  return new ValidationError(`The body is not valid: ${path} ${message}`, { errors: [{ path, message }] });
}

/** Vets a webhook URL at save time; the normalised URL, or 400 saying why. */
async function vetWebhookUrl(url: string, resolve?: HostResolver): Promise<string> {
  const check = await checkWebhookUrl(url, {
    allowHttpHosts: WEBHOOK_ALLOW_HTTP_HOSTS,
    ...(resolve ? { resolve } : {}),
  });
  if (!check.ok) throw invalidField('body.url', check.problem);
  return check.url;
}

const auditView = (channel: StoredChannel | null) => (channel ? { ...toPublicChannel(channel) } : null);

/** Lists one owner's channels (operators and above). Secrets are never listed. */
export async function listChannelsFor(
  principal: Principal,
  query: ListChannelsQuery,
): Promise<AlertChannel[]> {
  requireRole(principal, 'operator');
  return listChannels(await resolveOwner(principal, query.tenant_id));
}

export interface ChannelWithSecret {
  readonly channel: AlertChannel;
  /** The signing secret, when this call created or rotated it. */
  readonly secret?: string;
}

/** Creates a channel (admins); a webhook gets the given secret or a generated one, shown once. */
export async function createChannel(
  principal: Principal,
  body: CreateChannelBody,
  requestId: string,
  options: { resolve?: HostResolver } = {},
): Promise<ChannelWithSecret> {
  requireRole(principal, 'admin');
  const owner = await resolveOwner(principal, body.tenant_id);
  const now = new Date().toISOString();
  const common = {
    channel_id: ulid(),
    tenant_id: owner,
    name: body.name,
    enabled: body.enabled,
    disabled_reason: null,
    verified: false,
    verified_at: null,
    last_verification: null,
    created_at: now,
    updated_at: now,
    created_by: principal.name,
  };
  let channel: StoredChannel;
  let secret: string | undefined;
  if (body.channel_type === 'webhook') {
    const url = await vetWebhookUrl(body.url, options.resolve);
    secret = body.secret ?? generateWebhookSecret();
    channel = { ...common, channel_type: 'webhook', url, secrets: [{ secret, created_at: now }] };
  } else {
    channel = { ...common, channel_type: 'email', addresses: body.addresses };
  }
  await commitWithAudit(
    {
      tenant_id: owner,
      actor: actorOf(principal),
      action: 'alert_channel.created',
      resource: { type: 'alert_channel', id: channel.channel_id },
      before: null,
      after: auditView(channel),
      request_id: requestId,
    },
    putChannelWrites(channel, null),
  );
  return { channel: toPublicChannel(channel), ...(secret ? { secret } : {}) };
}

/**
 * Changes a channel (admins): name, enabled, the webhook URL or the e-mail addresses (either clears
 * `verified`), or rotates the webhook secret — the previous secret keeps signing for the grace
 * period, so receivers can switch without losing a notification.
 */
export async function updateChannel(
  principal: Principal,
  channelId: string,
  body: UpdateChannelBody,
  requestId: string,
  options: { resolve?: HostResolver } = {},
): Promise<ChannelWithSecret> {
  requireRole(principal, 'admin');
  const before = await findChannelFor(principal, channelId, body.tenant_id);
  if (before.channel_type === 'webhook' && body.addresses !== undefined) {
    throw invalidField('body.addresses', 'applies to e-mail channels only');
  }
  if (before.channel_type === 'email') {
    for (const field of ['url', 'rotate_secret', 'secret', 'grace_period_seconds'] as const) {
      if (body[field] !== undefined) throw invalidField(`body.${field}`, 'applies to webhook channels only');
    }
  }
  const now = new Date();
  const nowIso = now.toISOString();
  let changed: StoredChannel = { ...before };
  if (body.name !== undefined) changed = { ...changed, name: body.name };
  if (body.enabled !== undefined) {
    changed = { ...changed, enabled: body.enabled, ...(body.enabled ? { disabled_reason: null } : {}) };
  }
  if (body.url !== undefined) {
    const url = await vetWebhookUrl(body.url, options.resolve);
    if (url !== before.url) changed = { ...changed, url, verified: false, verified_at: null };
  }
  if (body.addresses !== undefined) {
    const same =
      JSON.stringify([...body.addresses].sort()) === JSON.stringify([...(before.addresses ?? [])].sort());
    if (!same) changed = { ...changed, addresses: body.addresses, verified: false, verified_at: null };
  }
  let secret: string | undefined;
  if (body.rotate_secret) {
    secret = body.secret ?? generateWebhookSecret();
    const graceSeconds = body.grace_period_seconds ?? SECRET_GRACE_S;
    const current = (before.secrets ?? []).find((s) => s.expires_at === undefined);
    const secrets: StoredSecret[] = [{ secret, created_at: nowIso }];
    if (current && graceSeconds > 0) {
      secrets.push({ ...current, expires_at: new Date(now.getTime() + graceSeconds * 1000).toISOString() });
    }
    changed = { ...changed, secrets };
  }
  changed = { ...changed, updated_at: nextUpdatedAt(before.updated_at) };
  await commitWithAudit(
    {
      tenant_id: before.tenant_id,
      actor: actorOf(principal),
      action: body.rotate_secret ? 'alert_channel.secret_rotated' : 'alert_channel.updated',
      resource: { type: 'alert_channel', id: channelId },
      before: auditView(before),
      after: auditView(changed),
      request_id: requestId,
    },
    putChannelWrites(changed, before),
  );
  return { channel: toPublicChannel(changed), ...(secret ? { secret } : {}) };
}

/** Deletes a channel (admins). Rules naming it skip it from then on (delivery drops and records). */
export async function deleteChannel(
  principal: Principal,
  channelId: string,
  requestedOwner: string | undefined,
  requestId: string,
): Promise<void> {
  requireRole(principal, 'admin');
  const before = await findChannelFor(principal, channelId, requestedOwner);
  await commitWithAudit(
    {
      tenant_id: before.tenant_id,
      actor: actorOf(principal),
      action: 'alert_channel.deleted',
      resource: { type: 'alert_channel', id: channelId },
      before: auditView(before),
      after: null,
      request_id: requestId,
    },
    deleteChannelWrites(before),
  );
}

/** The payload of a verification: a clearly marked test notification. */
export function testNotificationPayload(channel: StoredChannel, at: Date): AlertNotificationPayload {
  return {
    alert_id: `test-${ulid(at.getTime())}`,
    alert_type: 'WORKER_UNHEALTHY',
    tenant_id: channel.tenant_id,
    severity: 'LOW',
    title: 'Opsdeck test notification',
    message: `This is a test of the alert channel "${channel.name}". No action is needed.`,
    timestamp: at.toISOString(),
    event: 'test',
    details: { channel_id: channel.channel_id, test: true },
  };
}

/**
 * Verifies a channel (admins): sends a real test notification now (a signed webhook, or an
 * e-mail), records the result on the channel — a success marks it verified — and returns it.
 * Verifying a disabled channel is allowed: it is how an admin checks a receiver before re-enabling.
 */
export async function verifyChannel(
  principal: Principal,
  channelId: string,
  requestedOwner: string | undefined,
  requestId: string,
): Promise<{ channel: AlertChannel; result: VerificationResult; notification_id: string }> {
  requireRole(principal, 'admin');
  const channel = await findChannelFor(principal, channelId, requestedOwner);
  const at = new Date();
  const notificationId = `test_${ulid(at.getTime())}`;
  const sent = await sendToChannel(channel, notificationId, testNotificationPayload(channel, at), {
    now: at,
  });
  const result: VerificationResult = {
    at: at.toISOString(),
    ok: sent.ok,
    ...(sent.status_code !== undefined ? { status_code: sent.status_code } : {}),
    ...(sent.error ? { error: sent.error } : {}),
    latency_ms: sent.latency_ms,
  };
  const after: StoredChannel = {
    ...channel,
    last_verification: result,
    ...(result.ok ? { verified: true, verified_at: result.at } : {}),
  };
  await commitWithAudit(
    {
      tenant_id: channel.tenant_id,
      actor: actorOf(principal),
      action: 'alert_channel.verified',
      resource: { type: 'alert_channel', id: channelId },
      before: auditView(channel),
      after: auditView(after),
      request_id: requestId,
    },
    recordVerificationWrites(channel, result),
  );
  const stored = await findStoredChannel(channel.tenant_id, channelId);
  return { channel: toPublicChannel(stored ?? after), result, notification_id: notificationId };
}
