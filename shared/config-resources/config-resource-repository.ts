import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { ConflictError } from '../errors/typed-errors';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type {
  ConfigKind,
  ConfigResourceSummary,
  ConfigVersion,
  ConfigVersionSummary,
} from './config-resource-schemas';

/*
 * Keys (config table):
 *   resource head  pk TENANT#<tenant_id>#CONFIG#<kind>                 sk RESOURCE#<resource_id>
 *   version        pk TENANT#<tenant_id>#CONFIG#<kind>#<resource_id>   sk VERSION#<version, 10 digits>
 *
 * The head holds the active-version pointer and the latest version number; creating a version
 * writes the version item and moves the head in one transaction, conditional on the head's
 * latest version, so two writers can never both create version N.
 */
// Resolved per call, not at load: a module shared by functions that never touch this table must
// still load in them (each function only gets the environment of the tables it may use).
const table = () => tableName('config');
const headPk = (tenantId: string, kind: ConfigKind) => `TENANT#${tenantId}#CONFIG#${kind}`;
const headKey = (tenantId: string, kind: ConfigKind, resourceId: string) => ({
  pk: headPk(tenantId, kind),
  sk: `RESOURCE#${resourceId}`,
});
const versionPk = (tenantId: string, kind: ConfigKind, resourceId: string) =>
  `TENANT#${tenantId}#CONFIG#${kind}#${resourceId}`;
const versionKey = (tenantId: string, kind: ConfigKind, resourceId: string, version: number) => ({
  pk: versionPk(tenantId, kind, resourceId),
  sk: `VERSION#${String(version).padStart(10, '0')}`,
});

const toHead = (item: Record<string, unknown>): ConfigResourceSummary => ({
  tenant_id: item.tenant_id as string,
  kind: item.kind as ConfigKind,
  resource_id: item.resource_id as string,
  name: item.name as string,
  active_version: item.active_version as number,
  latest_version: item.latest_version as number,
  created_at: item.created_at as string,
  updated_at: item.updated_at as string,
});

const toVersionSummary = (item: Record<string, unknown>): ConfigVersionSummary => ({
  tenant_id: item.tenant_id as string,
  kind: item.kind as ConfigKind,
  resource_id: item.resource_id as string,
  version: item.version as number,
  name: item.name as string,
  content_sha256: item.content_sha256 as string,
  created_at: item.created_at as string,
  created_by: item.created_by as ConfigVersionSummary['created_by'],
  reason: (item.reason ?? null) as string | null,
});

const toVersion = (item: Record<string, unknown>): ConfigVersion => ({
  ...toVersionSummary(item),
  content: item.content as Record<string, unknown>,
});

/** Reads a resource's head (its active and latest version numbers), or null. */
export async function findConfigResourceHead(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
): Promise<ConfigResourceSummary | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: headKey(tenantId, kind, resourceId), ConsistentRead: true }),
  );
  return Item ? toHead(Item) : null;
}

/** The ids among `resourceIds` that name an existing resource of the tenant (at most 100 ids). */
export async function findExistingConfigResourceIds(
  tenantId: string,
  kind: ConfigKind,
  resourceIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  let keys: Record<string, unknown>[] = [...new Set(resourceIds)].map((id) => headKey(tenantId, kind, id));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    if (attempt > 6) throw new Error('BatchGet kept returning unprocessed keys');
    const result = await documentClient.send(
      new BatchGetCommand({
        RequestItems: {
          [table()]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'resource_id' },
        },
      }),
    );
    for (const item of result.Responses?.[table()] ?? []) found.add(item.resource_id as string);
    keys = (result.UnprocessedKeys?.[table()]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
}

/** Lists a tenant's resources of one kind, by id. */
export async function listConfigResourceHeads(
  tenantId: string,
  kind: ConfigKind,
  options: { cursor?: string; limit: number },
): Promise<Page<ConfigResourceSummary>> {
  const pk = headPk(tenantId, kind);
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :resource)',
      ExpressionAttributeValues: { ':pk': pk, ':resource': 'RESOURCE#' },
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { pk }),
    }),
  );
  return { items: (result.Items ?? []).map(toHead), next_cursor: encodeCursor(result.LastEvaluatedKey) };
}

/** Reads one version with its content, or null. */
export async function findConfigVersion(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
  version: number,
): Promise<ConfigVersion | null> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: versionKey(tenantId, kind, resourceId, version),
      ConsistentRead: true,
    }),
  );
  return Item ? toVersion(Item) : null;
}

const SUMMARY_ATTRIBUTES = [
  'pk',
  'sk',
  'tenant_id',
  'kind',
  'resource_id',
  'version',
  'name',
  'content_sha256',
  'created_at',
  'created_by',
  'reason',
] as const;

/** Lists a resource's versions newest first, without their content. */
export async function listConfigVersions(
  tenantId: string,
  kind: ConfigKind,
  resourceId: string,
  options: { cursor?: string; limit: number },
): Promise<Page<ConfigVersionSummary>> {
  const pk = versionPk(tenantId, kind, resourceId);
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
      ExpressionAttributeValues: { ':pk': pk, ':version': 'VERSION#' },
      // Everything but the content (aliased: some attribute names are DynamoDB reserved words).
      ExpressionAttributeNames: Object.fromEntries(SUMMARY_ATTRIBUTES.map((name) => [`#${name}`, name])),
      ProjectionExpression: SUMMARY_ATTRIBUTES.map((name) => `#${name}`).join(', '),
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { pk }),
    }),
  );
  return {
    items: (result.Items ?? []).map(toVersionSummary),
    next_cursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/**
 * The writes that store `version` and point the head at it, provided the head's latest version is
 * still `expectedVersion` (0: the resource must not exist yet). Commit them with the audit record.
 */
export function applyConfigVersionWrites(
  version: ConfigVersion,
  expectedVersion: number,
  conflict: () => Error,
): AuditedWrite[] {
  const { tenant_id: tenantId, kind, resource_id: resourceId } = version;
  const headWrite: AuditedWrite = {
    item: {
      Update: {
        TableName: table(),
        Key: headKey(tenantId, kind, resourceId),
        UpdateExpression:
          'SET #tenant = :tenant, #kind = :kind, #resource = :resource, #name = :name, ' +
          '#active = :version, #latest = :version, #updated = :now, #created = if_not_exists(#created, :now)',
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#latest = :expected',
        ExpressionAttributeNames: {
          '#tenant': 'tenant_id',
          '#kind': 'kind',
          '#resource': 'resource_id',
          '#name': 'name',
          '#active': 'active_version',
          '#latest': 'latest_version',
          '#updated': 'updated_at',
          '#created': 'created_at',
        },
        ExpressionAttributeValues: {
          ':tenant': tenantId,
          ':kind': kind,
          ':resource': resourceId,
          ':name': version.name,
          ':version': version.version,
          ':now': version.created_at,
          ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }),
        },
      },
    },
    onConditionFailed: conflict,
  };
  const versionWrite: AuditedWrite = {
    item: {
      Put: {
        TableName: table(),
        Item: { ...versionKey(tenantId, kind, resourceId, version.version), ...version },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    onConditionFailed: () =>
      new ConflictError(`Version ${version.version} of ${kind}/${resourceId} already exists.`),
  };
  return [headWrite, versionWrite];
}
