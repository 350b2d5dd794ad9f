import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { tableName } from '../settings/env';
import { ConflictError } from '../errors/typed-errors';
import { alertChannelKey } from './alert-contract';
import type { AlertChannel, ChannelType, VerificationResult } from './channel-schemas';

/*
 * Keys (config table), from the alert contract:
 *   channel  pk TENANT#<owner>  sk ALERTCHANNEL#<channel_id>
 *            gsi1pk ALERTCHANNEL#<channel_id>  gsi1sk <owner>
 * <owner> is the tenant id or `platform`. One owner's channels are one key range, so listing them
 * is one Query; gsi1 finds a channel by id alone (platform principals naming no owner). The item
 * holds the public fields of AlertChannel plus `secrets` (webhooks only).
 */
const table = () => tableName('config');
const SK_PREFIX = 'ALERTCHANNEL#';

/** One webhook signing secret; the previous one after a rotation carries its expiry. */
export interface StoredSecret {
  readonly secret: string;
  readonly created_at: string;
  /** Absent for the current secret; the end of the grace period for the previous one. */
  readonly expires_at?: string;
}

/** A channel as stored: the public fields and, for webhooks, its secrets (current first). */
export interface StoredChannel extends Omit<AlertChannel, 'secret_rotation'> {
  readonly secrets?: readonly StoredSecret[];
}

const optional = <T>(value: T | undefined | null) => value ?? undefined;

function toStored(item: Record<string, unknown>): StoredChannel {
  const channelType = item.channel_type as ChannelType;
  return {
    channel_id: item.channel_id as string,
    tenant_id: item.tenant_id as string,
    channel_type: channelType,
    name: item.name as string,
    enabled: item.enabled as boolean,
    disabled_reason: (item.disabled_reason ?? null) as string | null,
    verified: item.verified as boolean,
    verified_at: (item.verified_at ?? null) as string | null,
    last_verification: (item.last_verification ?? null) as VerificationResult | null,
    ...(channelType === 'webhook'
      ? { url: item.url as string, secrets: (item.secrets ?? []) as StoredSecret[] }
      : { addresses: optional(item.addresses as string[]) ?? [] }),
    created_at: item.created_at as string,
    updated_at: item.updated_at as string,
    created_by: item.created_by as string,
  };
}

/** The secrets that sign at `now`: the current one and a previous one still in its grace period. */
export function signingSecrets(channel: StoredChannel, now = new Date()): string[] {
  return (channel.secrets ?? [])
    .filter((secret) => secret.expires_at === undefined || Date.parse(secret.expires_at) > now.getTime())
    .map((secret) => secret.secret);
}

/** The public view of a stored channel: no secrets, ever. */
export function toPublicChannel(channel: StoredChannel, now = new Date()): AlertChannel {
  const { secrets, ...rest } = channel;
  if (channel.channel_type !== 'webhook') return rest;
  const previous = (secrets ?? []).find(
    (secret) => secret.expires_at !== undefined && Date.parse(secret.expires_at) > now.getTime(),
  );
  return {
    ...rest,
    secret_rotation: previous ? { previous_secret_expires_at: previous.expires_at! } : null,
  };
}

/** Reads a channel with its secrets (delivery and the service only), or null. */
export async function findStoredChannel(owner: string, channelId: string): Promise<StoredChannel | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: alertChannelKey(owner, channelId), ConsistentRead: true }),
  );
  return Item ? toStored(Item) : null;
}

/** Finds a channel by id alone, whoever owns it (platform code paths only), or null. */
export async function findStoredChannelById(channelId: string): Promise<StoredChannel | null> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `${SK_PREFIX}${channelId}` },
      Limit: 1,
    }),
  );
  const owner = result.Items?.[0]?.gsi1sk as string | undefined;
  // Read the main item (consistently) rather than trust the index copy.
  return owner === undefined ? null : findStoredChannel(owner, channelId);
}

/**
 * Reads one channel of an owner (a tenant id or `platform`), without secrets, or null. The rules
 * side validates the channel ids of its alert rules with it.
 */
export async function getChannel(owner: string, channelId: string): Promise<AlertChannel | null> {
  const stored = await findStoredChannel(owner, channelId);
  return stored ? toPublicChannel(stored) : null;
}

/** Every channel of an owner (a tenant id or `platform`), oldest first, without secrets. */
export async function listChannels(owner: string): Promise<AlertChannel[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': alertChannelKey(owner, '').pk, ':prefix': SK_PREFIX },
  });
  return items.map((item) => toPublicChannel(toStored(item)));
}

const changedMeanwhile = (channelId: string) => () =>
  new ConflictError(`Channel ${channelId} was changed by someone else meanwhile; read it and try again.`);

/** Creates a channel (`before` null) or replaces it provided it is still as read. */
export function putChannelWrites(channel: StoredChannel, before: StoredChannel | null): AuditedWrite[] {
  return [
    {
      item: {
        Put: {
          TableName: table(),
          Item: {
            ...alertChannelKey(channel.tenant_id, channel.channel_id),
            gsi1pk: `${SK_PREFIX}${channel.channel_id}`,
            gsi1sk: channel.tenant_id,
            ...channel,
          },
          ConditionExpression: before ? 'updated_at = :expected' : 'attribute_not_exists(pk)',
          ...(before ? { ExpressionAttributeValues: { ':expected': before.updated_at } } : {}),
        },
      },
      onConditionFailed: changedMeanwhile(channel.channel_id),
    },
  ];
}

/** Deletes a channel provided it is still as read. */
export function deleteChannelWrites(before: StoredChannel): AuditedWrite[] {
  return [
    {
      item: {
        Delete: {
          TableName: table(),
          Key: alertChannelKey(before.tenant_id, before.channel_id),
          ConditionExpression: 'updated_at = :expected',
          ExpressionAttributeValues: { ':expected': before.updated_at },
        },
      },
      onConditionFailed: () =>
        new ConflictError(`Channel ${before.channel_id} was changed or deleted meanwhile.`),
    },
  ];
}

/**
 * Records a verification on a channel that still exists: `verified` follows the result when the
 * result is a success (a failed verify keeps an earlier success, the channel worked before).
 */
export function recordVerificationWrites(channel: StoredChannel, result: VerificationResult): AuditedWrite[] {
  return [
    {
      item: {
        Update: {
          TableName: table(),
          Key: alertChannelKey(channel.tenant_id, channel.channel_id),
          UpdateExpression: result.ok
            ? 'SET last_verification = :result, verified = :true, verified_at = :at, updated_at = :updated'
            : 'SET last_verification = :result, updated_at = :updated',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':result': result,
            ':updated': nextUpdatedAt(channel.updated_at),
            ...(result.ok ? { ':true': true, ':at': result.at } : {}),
          },
        },
      },
      onConditionFailed: () => new ConflictError(`Channel ${channel.channel_id} was deleted meanwhile.`),
    },
  ];
}

/** Disables a channel that delivery found gone (e.g. a webhook answered 410), saying why. */
export function disableChannelWrites(channel: StoredChannel, reason: string): AuditedWrite[] {
  return [
    {
      item: {
        Update: {
          TableName: table(),
          Key: alertChannelKey(channel.tenant_id, channel.channel_id),
          UpdateExpression: 'SET enabled = :false, disabled_reason = :reason, updated_at = :updated',
          ConditionExpression: 'attribute_exists(pk) AND enabled = :true',
          ExpressionAttributeValues: {
            ':false': false,
            ':true': true,
            ':reason': reason,
            ':updated': nextUpdatedAt(channel.updated_at),
          },
        },
      },
      onConditionFailed: () =>
        new ConflictError(`Channel ${channel.channel_id} was already disabled or deleted.`),
    },
  ];
}

/** Now, or just after `previous` when the clock has not moved past it (keeps updated_at a version). */
export function nextUpdatedAt(previous: string | undefined): string {
  const now = new Date().toISOString();
  return previous && previous >= now ? new Date(Date.parse(previous) + 1).toISOString() : now;
}
