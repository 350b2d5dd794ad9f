import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { tableName } from '../settings/env';
import { ConflictError, InvalidCursorError } from '../errors/typed-errors';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type { DestinationKind } from '../platform/platform-vocabulary';
import type { Destination } from './destination-schemas';

/*
 * Keys (config table):
 *   destination   pk DESTINATION#<destination_id>        sk META
 *                 gsi1pk DESTADDR#<kind>#<address digest> gsi1sk <owner>#<destination_id>
 *   listing copy  pk DESTINATIONS                        sk <owner>#<destination_id>
 *   address claim pk DESTADDR#<kind>#<address digest>    sk CLAIM   { destination_id }
 *
 * <owner> is the tenant id, or `platform` for platform-wide destinations; the listing's sort key
 * starts with it, so one tenant's destinations are one key range. The address digest is the
 * SHA-256 of the normalised address (addresses may be longer than a key may be). The claim makes
 * an address belong to one destination only, so no tenant can declare another tenant's queue.
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('config');
const LISTING_PK = 'DESTINATIONS';
const ownerOf = (tenantId: string | null) => tenantId ?? PLATFORM_TENANT;
const mainKey = (destinationId: string) => ({ pk: `DESTINATION#${destinationId}`, sk: 'META' });
const listingKey = (destination: Pick<Destination, 'tenant_id' | 'destination_id'>) => ({
  pk: LISTING_PK,
  sk: `${ownerOf(destination.tenant_id)}#${destination.destination_id}`,
});
const addressPk = (kind: DestinationKind, normalizedAddress: string) =>
  `DESTADDR#${kind}#${createHash('sha256').update(normalizedAddress).digest('hex')}`;
const claimKey = (destination: Pick<Destination, 'kind' | 'address'>) => ({
  pk: addressPk(destination.kind, destination.address),
  sk: 'CLAIM',
});

const toDestination = (item: Record<string, unknown>): Destination => ({
  destination_id: item.destination_id as string,
  kind: item.kind as DestinationKind,
  address: item.address as string,
  tenant_id: (item.tenant_id ?? null) as string | null,
  created_at: item.created_at as string,
  updated_at: item.updated_at as string,
});

/** Reads one destination by id, or null. */
export async function findDestination(destinationId: string): Promise<Destination | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: mainKey(destinationId), ConsistentRead: true }),
  );
  return Item ? toDestination(Item) : null;
}

/** The destinations declared for a normalised address (one Query on gsi1). */
export async function findDestinationsByAddress(
  kind: DestinationKind,
  normalizedAddress: string,
): Promise<Destination[]> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': addressPk(kind, normalizedAddress) },
    }),
  );
  return (result.Items ?? []).map(toDestination);
}

/**
 * Lists destinations by owner and id. `owners` lists the owners to include, in order (a tenant id
 * or `platform`); 'all' lists every owner's. A page may span owners; the cursor says where it ended.
 */
export async function listDestinations(
  owners: readonly string[] | 'all',
  options: { cursor?: string; limit: number },
): Promise<Page<Destination>> {
  const prefixes = owners === 'all' ? [null] : owners.map((owner) => `${owner}#`);
  let rangeIndex = 0;
  let startKey = decodeCursor(options.cursor, { pk: LISTING_PK });
  if (startKey) {
    const sk = startKey.sk as string | undefined;
    rangeIndex = prefixes.findIndex((prefix) => prefix === null || (sk ?? '').startsWith(prefix));
    if (rangeIndex < 0) throw new InvalidCursorError('The cursor belongs to a different listing.');
  }
  const items: Destination[] = [];
  for (; rangeIndex < prefixes.length; rangeIndex++) {
    const prefix = prefixes[rangeIndex]!;
    const result = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: prefix === null ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': LISTING_PK, ...(prefix === null ? {} : { ':prefix': prefix }) },
        Limit: options.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(result.Items ?? []).map(toDestination));
    startKey = undefined;
    if (result.LastEvaluatedKey) return { items, next_cursor: encodeCursor(result.LastEvaluatedKey) };
    if (items.length >= options.limit && rangeIndex + 1 < prefixes.length) {
      // This owner's range is done and the page is full: the next page starts at the next owner's.
      return { items, next_cursor: encodeCursor({ pk: LISTING_PK, sk: prefixes[rangeIndex + 1]! }) };
    }
  }
  return { items, next_cursor: null };
}

const changedMeanwhile = (destinationId: string) => () =>
  new ConflictError(
    `Destination ${destinationId} was changed by someone else meanwhile; read it and try again.`,
  );

const addressTaken = () =>
  new ConflictError(
    'This address is already declared by another destination; each address is declared once.',
  );

/**
 * Creates or replaces a destination, provided it is still as read (`before`, null: absent), and
 * claims its address for it (409 when another destination holds the address).
 */
export function putDestinationWrites(destination: Destination, before: Destination | null): AuditedWrite[] {
  const conflict = changedMeanwhile(destination.destination_id);
  const item = { ...destination };
  const writes: AuditedWrite[] = [
    {
      item: {
        Put: {
          TableName: table(),
          Item: {
            ...mainKey(destination.destination_id),
            gsi1pk: addressPk(destination.kind, destination.address),
            gsi1sk: `${ownerOf(destination.tenant_id)}#${destination.destination_id}`,
            ...item,
          },
          ConditionExpression: before ? 'updated_at = :expected' : 'attribute_not_exists(pk)',
          ...(before ? { ExpressionAttributeValues: { ':expected': before.updated_at } } : {}),
        },
      },
      onConditionFailed: before
        ? conflict
        : () =>
            new ConflictError(
              `Destination ${destination.destination_id} was declared by someone else meanwhile.`,
            ),
    },
    {
      item: { Put: { TableName: table(), Item: { ...listingKey(destination), ...item } } },
      onConditionFailed: conflict,
    },
  ];
  const addressMoved = !before || before.kind !== destination.kind || before.address !== destination.address;
  if (addressMoved) {
    writes.push({
      item: {
        Put: {
          TableName: table(),
          Item: { ...claimKey(destination), destination_id: destination.destination_id },
          ConditionExpression: 'attribute_not_exists(pk) OR destination_id = :id',
          ExpressionAttributeValues: { ':id': destination.destination_id },
        },
      },
      onConditionFailed: addressTaken,
    });
  }
  if (before && addressMoved) {
    writes.push({
      item: {
        Delete: {
          TableName: table(),
          Key: claimKey(before),
          ConditionExpression: 'attribute_not_exists(pk) OR destination_id = :id',
          ExpressionAttributeValues: { ':id': destination.destination_id },
        },
      },
      onConditionFailed: conflict,
    });
  }
  return writes;
}

/** Deletes a destination, its listing copy and its address claim, provided it is still as read. */
export function deleteDestinationWrites(before: Destination): AuditedWrite[] {
  const conflict = changedMeanwhile(before.destination_id);
  return [
    {
      item: {
        Delete: {
          TableName: table(),
          Key: mainKey(before.destination_id),
          ConditionExpression: 'updated_at = :expected',
          ExpressionAttributeValues: { ':expected': before.updated_at },
        },
      },
      onConditionFailed: () =>
        new ConflictError(`Destination ${before.destination_id} was changed or deleted meanwhile.`),
    },
    { item: { Delete: { TableName: table(), Key: listingKey(before) } }, onConditionFailed: conflict },
    {
      item: {
        Delete: {
          TableName: table(),
          Key: claimKey(before),
          ConditionExpression: 'attribute_not_exists(pk) OR destination_id = :id',
          ExpressionAttributeValues: { ':id': before.destination_id },
        },
      },
      onConditionFailed: conflict,
    },
  ];
}
