import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { ConflictError } from '../errors/typed-errors';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type { ApiKey } from './api-key-schemas';
import { PLATFORM_TENANT } from '../access/access-vocabulary';

/*
 * Keys (config table):
 *   api key     pk APIKEY#<key_id>  sk META        gsi1pk APIKEYS#<tenant_id | platform>  gsi1sk <created_at>#<key_id>
 *   bootstrap   pk PLATFORM         sk BOOTSTRAP   { key_id } — the first super-admin, created once
 * Keys are found by id at authentication time, so their primary key is the key id; listing a
 * tenant's keys goes through gsi1, whose partition starts with the tenant id.
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('config');
const keyKey = (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: 'META' });
const ownerPartition = (tenantId: string | null) => `APIKEYS#${tenantId ?? PLATFORM_TENANT}`;

export interface StoredApiKey extends ApiKey {
  secret_hash: string;
}

const toApiKey = (item: Record<string, unknown>): ApiKey => ({
  key_id: item.key_id as string,
  tenant_id: (item.tenant_id ?? null) as string | null,
  name: item.name as string,
  role: item.role as ApiKey['role'],
  status: item.status as ApiKey['status'],
  created_at: item.created_at as string,
  created_by: item.created_by as string,
  revoked_at: (item.revoked_at ?? null) as string | null,
  last_used_at: (item.last_used_at ?? null) as string | null,
});

/** Reads a key with its secret digest, for authentication. */
export async function findStoredApiKey(keyId: string): Promise<StoredApiKey | null> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: table(), Key: keyKey(keyId) }));
  return Item ? { ...toApiKey(Item), secret_hash: Item.secret_hash as string } : null;
}

/** Reads a key without its secret digest. */
export async function findApiKey(keyId: string): Promise<ApiKey | null> {
  const stored = await findStoredApiKey(keyId);
  if (!stored) return null;
  const { secret_hash: _secretHash, ...key } = stored;
  return key;
}

/** Lists the keys of a tenant (or of the platform when `tenantId` is null), newest first. */
export async function listApiKeys(
  tenantId: string | null,
  options: { cursor?: string; limit: number },
): Promise<Page<ApiKey>> {
  const partition = ownerPartition(tenantId);
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { gsi1pk: partition }),
    }),
  );
  return { items: (result.Items ?? []).map(toApiKey), next_cursor: encodeCursor(result.LastEvaluatedKey) };
}

const storedItem = (key: StoredApiKey) => ({
  ...keyKey(key.key_id),
  gsi1pk: ownerPartition(key.tenant_id),
  gsi1sk: `${key.created_at}#${key.key_id}`,
  ...key,
});

/** Stores a new key. */
export function insertApiKeyWrite(key: StoredApiKey): AuditedWrite {
  return {
    item: {
      Put: { TableName: table(), Item: storedItem(key), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    onConditionFailed: () => new ConflictError(`API key ${key.key_id} already exists.`),
  };
}

/** Marks an active key revoked. */
export function revokeApiKeyWrite(keyId: string, revokedAt: string): AuditedWrite {
  return {
    item: {
      Update: {
        TableName: table(),
        Key: keyKey(keyId),
        UpdateExpression: 'SET #status = :revoked, revoked_at = :at',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':at': revokedAt },
      },
    },
    onConditionFailed: () => new ConflictError(`API key ${keyId} is already revoked.`),
  };
}

/** Records that a key was used, at most once per `resolutionMs` per key to keep reads cheap. */
export async function touchApiKey(keyId: string, now: Date, resolutionMs: number): Promise<void> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: keyKey(keyId),
        UpdateExpression: 'SET last_used_at = :now',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(last_used_at) OR attribute_type(last_used_at, :null) OR last_used_at < :stale)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':null': 'NULL',
          ':stale': new Date(now.getTime() - resolutionMs).toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Thrown when the first super-admin was already created. */
export class AlreadyBootstrappedError extends Error {
  override name = 'AlreadyBootstrappedError';
}

/** Whether the first super-admin key has been created. */
export async function isBootstrapped(): Promise<boolean> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: 'PLATFORM', sk: 'BOOTSTRAP' }, ConsistentRead: true }),
  );
  return Item !== undefined;
}

/** Claims the one-time bootstrap of the first super-admin, atomically with creating its key. */
export function claimBootstrapWrite(keyId: string, at: string): AuditedWrite {
  return {
    item: {
      Put: {
        TableName: table(),
        Item: { pk: 'PLATFORM', sk: 'BOOTSTRAP', key_id: keyId, created_at: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new AlreadyBootstrappedError('The first super-admin key already exists.'),
  };
}
