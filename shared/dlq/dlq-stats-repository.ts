import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { dayOf } from './dlq-domain';
import { type DlqStatus } from './dlq-vocabulary';
import { table } from './dlq-entities';

/* Statistics:  per tenant and failure day, counters kept up to date on every change. */

const statusChange = (from: DlqStatus, to: DlqStatus) =>
  from === to ? {} : ({ [from]: -1, [to]: 1 } as Partial<Record<DlqStatus, number>>);

export interface StatsDelta {
  tenant_id: string;
  day: string;
  received?: number;
  status?: Partial<Record<DlqStatus, number>>;
  event_type?: string;
}

/** Status counter deltas for one transition. */
export const statusDelta = (
  entry: { tenant_id: string; failed_at: string },
  from: DlqStatus,
  to: DlqStatus,
): StatsDelta => ({
  tenant_id: entry.tenant_id,
  day: dayOf(entry.failed_at),
  status: statusChange(from, to),
});

/**
 * Adds counter deltas, merged per tenant and day (one UpdateItem each). They are applied after the
 * change committed; a crash in between leaves a counter off by one, never an entry lost.
 */
export async function applyStatsDeltas(deltas: readonly StatsDelta[]): Promise<void> {
  const merged = new Map<string, Map<string, number>>();
  for (const delta of deltas) {
    const key = `${delta.tenant_id}\u0000${delta.day}`;
    const counters = merged.get(key) ?? new Map<string, number>();
    merged.set(key, counters);
    const add = (name: string, amount: number) => counters.set(name, (counters.get(name) ?? 0) + amount);
    if (delta.received) add('received', delta.received);
    for (const [status, amount] of Object.entries(delta.status ?? {})) add(`status_${status}`, amount);
    if (delta.event_type && delta.received) add(`et:${delta.event_type}`, delta.received);
  }
  for (const [key, counters] of merged) {
    const changes = [...counters].filter(([, amount]) => amount !== 0);
    if (changes.length === 0) continue;
    const [tenantId, day] = key.split('\u0000') as [string, string];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':tenant': tenantId,
      ':day': day,
      ':gsi1pk': 'DLQSTATS',
      ':gsi1sk': `${day}#${tenantId}`,
    };
    changes.forEach(([name, amount], index) => {
      names[`#c${index}`] = name;
      values[`:c${index}`] = amount;
    });
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `TENANT#${tenantId}#DLQSTATS`, sk: `DAY#${day}` },
        UpdateExpression: `SET tenant_id = :tenant, #day = :day, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk ADD ${changes.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
        ExpressionAttributeNames: { ...names, '#day': 'day' },
        ExpressionAttributeValues: values,
      }),
    );
  }
}

export interface DayCounters {
  tenant_id: string;
  day: string;
  counters: Record<string, number>;
}

/** The counters of [fromDay, toDay] for one tenant, or for all tenants (platform). */
export async function readDayCounters(
  tenantId: string | null,
  fromDay: string,
  toDay: string,
): Promise<DayCounters[]> {
  const rows: DayCounters[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand(
        tenantId
          ? {
              TableName: table(),
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: {
                ':pk': `TENANT#${tenantId}#DLQSTATS`,
                ':lower': `DAY#${fromDay}`,
                ':upper': `DAY#${toDay}`,
              },
              ExclusiveStartKey: startKey,
            }
          : {
              TableName: table(),
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: { ':pk': 'DLQSTATS', ':lower': fromDay, ':upper': `${toDay}~` },
              ExclusiveStartKey: startKey,
            },
      ),
    );
    for (const item of page.Items ?? []) {
      const counters: Record<string, number> = {};
      for (const [name, value] of Object.entries(item)) {
        if (
          typeof value === 'number' &&
          (name === 'received' || name.startsWith('status_') || name.startsWith('et:'))
        ) {
          counters[name] = value;
        }
      }
      rows.push({ tenant_id: item.tenant_id as string, day: item.day as string, counters });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return rows;
}
