import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { alertHistoryKey, deliveryAttemptPartition, type NotificationStatus } from './alert-contract';
import type { AlertRecord } from './alert-history-schemas';
import type { AlertStatus } from './alert-vocabulary';
import type { TransactItem } from './alert-state-repository';

/*
 * Keys (alerts table):
 *   alert (history)   pk ALERT#<owner>  sk <alert_id>          (alertHistoryKey, the contract)
 *                     gsi1pk ALERTID#<alert_id>  gsi1sk <owner> (find an alert's owner by id)
 *   delivery attempt  pk ALERTDELIVERY#<alert_id>  sk ...       (written by the channels side)
 *
 * Alert ids are ULIDs minted from the trigger time, so one owner's partition is in trigger order
 * and a time window is a key range: lists and statistics read O(alerts in the window).
 */
const table = () => tableName('alerts');
const ID_INDEX_PREFIX = 'ALERTID#';

/** The smallest and largest alert id triggered in the millisecond `ms`. */
const lowestIdAt = (ms: number) => `${encodeTime(ms, 10)}0000000000000000`;
const highestIdAt = (ms: number) => `${encodeTime(ms, 10)}ZZZZZZZZZZZZZZZZ`;

export const toAlertRecord = (item: Record<string, unknown>): AlertRecord => ({
  alert_id: item.alert_id as string,
  tenant_id: item.tenant_id as string,
  alert_type: item.alert_type as AlertRecord['alert_type'],
  severity: item.severity as AlertRecord['severity'],
  subject: item.subject as string,
  rule_id: item.rule_id as string,
  title: item.title as string,
  message: item.message as string,
  details: (item.details as Record<string, unknown> | undefined) ?? {},
  status: item.status as AlertStatus,
  triggered_at: item.triggered_at as string,
  acknowledged_at: (item.acknowledged_at as string | null | undefined) ?? null,
  acknowledged_by: (item.acknowledged_by as string | null | undefined) ?? null,
  resolved_at: (item.resolved_at as string | null | undefined) ?? null,
  resolved_by: (item.resolved_by as string | null | undefined) ?? null,
  notification_status: (item.notification_status as NotificationStatus | undefined) ?? 'pending',
  last_notified_at: (item.last_notified_at as string | null | undefined) ?? null,
  escalated_at: (item.escalated_at as string | null | undefined) ?? null,
});

/** Records a new alert (in the transaction that creates its state). */
export const createHistoryWrite = (record: AlertRecord): TransactItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...alertHistoryKey(record.tenant_id, record.alert_id),
      gsi1pk: `${ID_INDEX_PREFIX}${record.alert_id}`,
      gsi1sk: record.tenant_id,
      ...record,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * Sets attributes of an alert's history item, optionally only while its status is one of
 * `whileStatus` (the guard of acknowledge and resolve).
 */
export function updateHistoryWrite(
  owner: string,
  alertId: string,
  changes: Partial<Record<keyof AlertRecord | 'expires_at', unknown>>,
  whileStatus?: readonly AlertStatus[],
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(changes).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  let condition = 'attribute_exists(pk)';
  if (whileStatus) {
    names['#status'] = 'status';
    condition += ` AND #status IN (${whileStatus
      .map((status, index) => {
        values[`:s${index}`] = status;
        return `:s${index}`;
      })
      .join(', ')})`;
  }
  return {
    Update: {
      TableName: table(),
      Key: alertHistoryKey(owner, alertId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Reads one alert of an owner, or null. */
export async function findAlert(owner: string, alertId: string): Promise<AlertRecord | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: alertHistoryKey(owner, alertId), ConsistentRead: true }),
  );
  return Item ? toAlertRecord(Item) : null;
}

/** The owner of an alert id (platform principals name alerts by id alone), or null. */
export async function findAlertOwner(alertId: string): Promise<string | null> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `${ID_INDEX_PREFIX}${alertId}` },
      Limit: 1,
    }),
  );
  return (Items[0]?.gsi1sk as string | undefined) ?? null;
}

export interface HistoryFilter {
  type?: string;
  status?: AlertStatus;
  from?: string;
  to?: string;
}

function keyRange(owner: string, filter: HistoryFilter) {
  return {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
    values: {
      ':pk': alertHistoryKey(owner, '').pk,
      ':lower': filter.from ? lowestIdAt(Date.parse(filter.from)) : '0',
      ':upper': filter.to ? highestIdAt(Date.parse(filter.to)) : 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZ',
    },
  };
}

/**
 * One owner's alerts, newest first, filtered by type and status; a page holds up to `limit`
 * matches and the cursor resumes after the last one returned. A page has a cursor only when
 * another match exists (checked past the page when it ends exactly at a DynamoDB page boundary).
 */
export async function listAlerts(
  owner: string,
  filter: HistoryFilter & { cursor?: string; limit: number },
): Promise<Page<AlertRecord>> {
  const range = keyRange(owner, filter);
  const filters: string[] = [];
  const values: Record<string, unknown> = { ...range.values };
  const names: Record<string, string> = {};
  if (filter.type) {
    filters.push('alert_type = :type');
    values[':type'] = filter.type;
  }
  if (filter.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  const pk = alertHistoryKey(owner, '').pk;
  const query = (startKey: Record<string, unknown> | undefined, limit: number) =>
    documentClient.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: range.KeyConditionExpression,
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
  /** Whether anything after `startKey` matches: a page never ends in a cursor to an empty page. */
  const matchesAfter = async (startKey: Record<string, unknown> | undefined): Promise<boolean> => {
    while (startKey) {
      const page = await query(startKey, 100);
      if ((page.Items ?? []).length > 0) return true;
      startKey = page.LastEvaluatedKey;
    }
    return false;
  };
  let startKey = decodeCursor(filter.cursor, { pk });
  const items: AlertRecord[] = [];
  for (;;) {
    const page = await query(startKey, filter.limit);
    const pageItems = page.Items ?? [];
    for (const [index, item] of pageItems.entries()) {
      items.push(toAlertRecord(item));
      if (items.length === filter.limit) {
        const last = items[items.length - 1]!;
        const more = index < pageItems.length - 1 || (await matchesAfter(page.LastEvaluatedKey));
        return { items, next_cursor: more ? encodeCursor({ pk, sk: last.alert_id }) : null };
      }
    }
    startKey = page.LastEvaluatedKey;
    if (!startKey) return { items, next_cursor: null };
  }
}

/** Type and status of every alert of an owner triggered in [from, to] (for statistics). */
export async function listAlertFacets(
  owner: string,
  from: string,
  to: string,
): Promise<{ alert_type: string; status: AlertStatus }[]> {
  const range = keyRange(owner, { from, to });
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: range.KeyConditionExpression,
    ExpressionAttributeValues: range.values,
    ExpressionAttributeNames: { '#status': 'status' },
    ProjectionExpression: 'alert_type, #status',
  });
  return items.map((item) => ({ alert_type: item.alert_type as string, status: item.status as AlertStatus }));
}

/** An alert's delivery attempts (written by the channels side), oldest first, without keys. */
export async function listDeliveryAttempts(alertId: string): Promise<Record<string, unknown>[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': deliveryAttemptPartition(alertId) },
  });
  return items.map(({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expires_at: _exp, ...attempt }) => attempt);
}
