import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { ConflictError } from '../errors/typed-errors';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type { Tenant } from './tenant-schemas';

/*
 * Keys (config table):
 *   tenant   pk TENANT#<tenant_id>  sk META   gsi1pk TENANTS  gsi1sk <tenant_id>
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('config');
const tenantKey = (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'META' });

const toTenant = (item: Record<string, unknown>): Tenant => ({
  tenant_id: item.tenant_id as string,
  name: item.name as string,
  time_zone: item.time_zone as string,
  status: item.status as Tenant['status'],
  created_at: item.created_at as string,
  updated_at: item.updated_at as string,
});

/** Reads one tenant, or null. */
export async function findTenant(tenantId: string): Promise<Tenant | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: tenantKey(tenantId) }),
  );
  return Item ? toTenant(Item) : null;
}

/** Lists every tenant in id order (platform code paths only). */
export async function listTenants(options: { cursor?: string; limit: number }): Promise<Page<Tenant>> {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TENANTS' },
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { gsi1pk: 'TENANTS' }),
    }),
  );
  return { items: (result.Items ?? []).map(toTenant), next_cursor: encodeCursor(result.LastEvaluatedKey) };
}

/** Creates a tenant unless one with the same id exists. */
export function insertTenantWrite(tenant: Tenant): AuditedWrite {
  return {
    item: {
      Put: {
        TableName: table(),
        Item: { ...tenantKey(tenant.tenant_id), gsi1pk: 'TENANTS', gsi1sk: tenant.tenant_id, ...tenant },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () => new ConflictError(`Tenant ${tenant.tenant_id} already exists.`),
  };
}

/** Replaces a tenant if nobody changed it since `expectedUpdatedAt` (optimistic concurrency). */
export function replaceTenantWrite(tenant: Tenant, expectedUpdatedAt: string): AuditedWrite {
  return {
    item: {
      Put: {
        TableName: table(),
        Item: { ...tenantKey(tenant.tenant_id), gsi1pk: 'TENANTS', gsi1sk: tenant.tenant_id, ...tenant },
        ConditionExpression: 'updated_at = :expected',
        ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
      },
    },
    onConditionFailed: () =>
      new ConflictError(
        `Tenant ${tenant.tenant_id} was changed by someone else meanwhile; read it and try again.`,
      ),
  };
}
