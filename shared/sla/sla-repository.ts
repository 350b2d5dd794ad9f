import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import type { Severity } from '../platform/platform-vocabulary';
import { tableName } from '../settings/env';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import type { AggregateIncrements, SweepStage } from './sla-accounting';
import { SLA_RETENTION_DAYS } from './sla-periods';

/*
 * Keys (sla table), next to the exceptions themselves (see exception-repository.ts):
 *   daily aggregate  pk TENANT#<tenant>#SLADAY            sk <local day YYYY-MM-DD>
 *   open tracker     pk TENANT#<tenant>#EXC#<exception>   sk SLA
 *                    gsi1pk TENANT#<tenant>#SLAOPEN  gsi1sk <sla_deadline>#<exception>     (open by deadline)
 *                    gsi2pk SLASWEEP#<shard>         gsi2sk <next due>#<tenant>#<exception> (sweeper queue; removed once expired)
 *   breach           pk TENANT#<tenant>#SLABREACH         sk <sla_deadline>#<exception>
 *                    gsi1pk SLABREACH#ALL  gsi1sk <sla_deadline>#<tenant>#<exception>   (every tenant's, for platform principals)
 *   SLA event        pk TENANT#<tenant>#EXC#<exception>   sk EVT#~sla-imminent | EVT#~sla-expired
 */
const table = () => tableName('sla');

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Shards of the sweeper's index, so that one busy minute is not one hot partition. */
export const SWEEP_SHARDS = 4;
const RETENTION_SECONDS = SLA_RETENTION_DAYS * 86_400;

const exceptionPk = (tenantId: string, exceptionId: string) => `TENANT#${tenantId}#EXC#${exceptionId}`;
const dailyPk = (tenantId: string) => `TENANT#${tenantId}#SLADAY`;
const breachPk = (tenantId: string) => `TENANT#${tenantId}#SLABREACH`;
const openPk = (tenantId: string) => `TENANT#${tenantId}#SLAOPEN`;
/** Breaches are rare (one per late exception), so one index partition holds every tenant's. */
const ALL_BREACHES = 'SLABREACH#ALL';
const sweepShardOf = (tenantId: string, exceptionId: string) =>
  createHash('sha256').update(`${tenantId}#${exceptionId}`).digest()[0]! % SWEEP_SHARDS;
const sweepKey = (tracker: Pick<SlaTracker, 'tenant_id' | 'exception_id'>, dueAt: string) => ({
  gsi2pk: `SLASWEEP#${sweepShardOf(tracker.tenant_id, tracker.exception_id)}`,
  gsi2sk: `${dueAt}#${tracker.tenant_id}#${tracker.exception_id}`,
});
const expiresAfter = (instant: string) => Math.floor(Date.parse(instant) / 1000) + RETENTION_SECONDS;

/** An open exception as the SLA index and the sweeper see it. */
export interface SlaTracker {
  tenant_id: string;
  exception_id: string;
  type: string;
  severity: Severity;
  created_at: string;
  sla_deadline: string;
  imminent_at: string;
  stage: SweepStage;
}

/** A breach: an exception not resolved by its deadline. */
export interface SlaBreach {
  tenant_id: string;
  exception_id: string;
  type: string;
  severity: Severity;
  created_at: string;
  sla_deadline: string;
  /** Null while the exception is still open. */
  resolved_at: string | null;
  /** Who saw it first: the sweeper at the deadline, or the ingest of a late resolution. */
  detected_by: 'sweeper' | 'ingest';
  recorded_at: string;
}

const toTracker = (item: Record<string, unknown>): SlaTracker => ({
  tenant_id: item.tenant_id as string,
  exception_id: item.exception_id as string,
  type: item.type as string,
  severity: item.severity as Severity,
  created_at: item.created_at as string,
  sla_deadline: item.sla_deadline as string,
  imminent_at: item.imminent_at as string,
  stage: item.stage as SweepStage,
});

const toBreach = (item: Record<string, unknown>): SlaBreach => ({
  tenant_id: item.tenant_id as string,
  exception_id: item.exception_id as string,
  type: item.type as string,
  severity: item.severity as Severity,
  created_at: item.created_at as string,
  sla_deadline: item.sla_deadline as string,
  resolved_at: (item.resolved_at as string | undefined) ?? null,
  detected_by: item.detected_by as SlaBreach['detected_by'],
  recorded_at: item.recorded_at as string,
});

/** Atomic ADDs to daily aggregates, one Update per day (a transaction may touch an item once). */
export function aggregateWrites(tenantId: string, increments: AggregateIncrements): TransactItem[] {
  return [...increments].map(([day, counters]) => {
    const names: Record<string, string> = { '#expires': 'expires_at', '#tenant': 'tenant_id', '#day': 'day' };
    const values: Record<string, unknown> = {
      ':expires': expiresAfter(`${day}T00:00:00Z`) + 2 * 86_400,
      ':tenant': tenantId,
      ':day': day,
    };
    const adds = Object.entries(counters).map(([attribute, by], index) => {
      names[`#a${index}`] = attribute;
      values[`:a${index}`] = by;
      return `#a${index} :a${index}`;
    });
    return {
      Update: {
        TableName: table(),
        Key: { pk: dailyPk(tenantId), sk: day },
        UpdateExpression: `SET #expires = :expires, #tenant = :tenant, #day = :day ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

/** Starts tracking a newly seen open exception (once). */
export function trackerPutWrite(tracker: SlaTracker): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: exceptionPk(tracker.tenant_id, tracker.exception_id),
        sk: 'SLA',
        gsi1pk: openPk(tracker.tenant_id),
        gsi1sk: `${tracker.sla_deadline}#${tracker.exception_id}`,
        ...sweepKey(tracker, tracker.imminent_at),
        ...tracker,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Follows a change of an open (not yet expired) exception's deadline, severity or type: re-keys
 * the open index and the sweeper entry, conditional on the stage read.
 */
export function trackerChangeWrite(previous: SlaTracker, next: SlaTracker): TransactItem {
  const values: Record<string, unknown> = {
    ':stage': previous.stage,
    ':severity': next.severity,
    ':type': next.type,
    ':deadline': next.sla_deadline,
    ':imminent': next.imminent_at,
    ':open': `${next.sla_deadline}#${next.exception_id}`,
    ':due': sweepKey(next, previous.stage === 'pending' ? next.imminent_at : next.sla_deadline).gsi2sk,
  };
  return {
    Update: {
      TableName: table(),
      Key: { pk: exceptionPk(next.tenant_id, next.exception_id), sk: 'SLA' },
      UpdateExpression:
        'SET severity = :severity, #type = :type, sla_deadline = :deadline, imminent_at = :imminent, gsi1sk = :open, gsi2sk = :due',
      ConditionExpression: 'stage = :stage',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Stops tracking an exception that was resolved, if the sweeper has not moved it on meanwhile. */
export function trackerDeleteWrite(tracker: SlaTracker): TransactItem {
  return {
    Delete: {
      TableName: table(),
      Key: { pk: exceptionPk(tracker.tenant_id, tracker.exception_id), sk: 'SLA' },
      ConditionExpression: 'stage = :stage',
      ExpressionAttributeValues: { ':stage': tracker.stage },
    },
  };
}

/** Reads an exception's tracker (consistent), or null when it is not open or predates tracking. */
export async function findTracker(tenantId: string, exceptionId: string): Promise<SlaTracker | null> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table(),
      Key: { pk: exceptionPk(tenantId, exceptionId), sk: 'SLA' },
      ConsistentRead: true,
    }),
  );
  return Item ? toTracker(Item) : null;
}

/** Records a breach once (the deadline and exception id are its identity). */
export function breachPutWrite(breach: SlaBreach): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: breachPk(breach.tenant_id),
        sk: `${breach.sla_deadline}#${breach.exception_id}`,
        gsi1pk: ALL_BREACHES,
        gsi1sk: `${breach.sla_deadline}#${breach.tenant_id}#${breach.exception_id}`,
        ...breach,
        expires_at: expiresAfter(breach.sla_deadline),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Notes the late resolution on a breach the sweeper recorded. */
export function breachResolvedWrite(
  tenantId: string,
  exceptionId: string,
  deadline: string,
  resolvedAt: string,
): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: { pk: breachPk(tenantId), sk: `${deadline}#${exceptionId}` },
      UpdateExpression: 'SET resolved_at = :resolved',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':resolved': resolvedAt },
    },
  };
}

/** Withdraws a breach the sweeper recorded when a late report shows the exception was resolved in time. */
export function breachDeleteWrite(tenantId: string, exceptionId: string, deadline: string): TransactItem {
  return {
    Delete: {
      TableName: table(),
      Key: { pk: breachPk(tenantId), sk: `${deadline}#${exceptionId}` },
      ConditionExpression: 'attribute_exists(pk)',
    },
  };
}

/** Runs writes as one transaction; false when a condition failed or a concurrent transaction won. */
export async function commitSlaWrites(items: TransactItem[]): Promise<boolean> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** Reads a tenant's daily aggregates for the local days `firstDay`…`lastDay` (one item per day). */
export async function readDailyAggregates(
  tenantId: string,
  firstDay: string,
  lastDay: string,
): Promise<Record<string, unknown>[]> {
  return queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':pk': dailyPk(tenantId), ':first': firstDay, ':last': lastDay },
  });
}

/** A tenant's breaches with deadlines in [from, to], oldest first, optionally of one severity. */
export async function listBreaches(
  tenantId: string | null,
  options: { from: string; to: string; severity?: Severity; cursor?: string; limit: number },
): Promise<Page<SlaBreach>> {
  // One tenant's breaches from its partition; every tenant's (tenantId null) from the index.
  const [partition, sortKey, value] =
    tenantId === null
      ? (['gsi1pk', 'gsi1sk', ALL_BREACHES] as const)
      : (['pk', 'sk', breachPk(tenantId)] as const);
  const result = await documentClient.send(
    new QueryCommand({
      TableName: table(),
      ...(tenantId === null ? { IndexName: 'gsi1' } : {}),
      KeyConditionExpression: `${partition} = :pk AND ${sortKey} BETWEEN :from AND :to`,
      ...(options.severity ? { FilterExpression: 'severity = :severity' } : {}),
      ExpressionAttributeValues: {
        ':pk': value,
        ':from': options.from,
        ':to': `${options.to}#\uffff`,
        ...(options.severity ? { ':severity': options.severity } : {}),
      },
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { [partition]: value }),
    }),
  );
  return {
    items: (result.Items ?? []).map(toBreach),
    next_cursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** A tenant's open exceptions, soonest deadline first, at most `max`. */
export async function listOpenTrackers(tenantId: string, max: number): Promise<SlaTracker[]> {
  const items = await queryItems(
    {
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': openPk(tenantId) },
    },
    max,
  );
  return items.map(toTracker);
}

/** A tenant's open exceptions whose deadline is after `after`, soonest first, at most `max` (alerting). */
export async function listOpenTrackersDueAfter(
  tenantId: string,
  after: Date,
  max: number,
): Promise<SlaTracker[]> {
  const items = await queryItems(
    {
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :after',
      ExpressionAttributeValues: { ':pk': openPk(tenantId), ':after': `${after.toISOString()}#\uffff` },
    },
    max,
  );
  return items.map(toTracker);
}

/** Trackers of one sweeper shard whose next event is due at or before `now`, at most `max`. */
export async function listDueTrackers(shard: number, now: Date, max: number): Promise<SlaTracker[]> {
  const items = await queryItems(
    {
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :due',
      ExpressionAttributeValues: { ':pk': `SLASWEEP#${shard}`, ':due': `${now.toISOString()}#\uffff` },
    },
    max,
  );
  return items.map(toTracker);
}

const slaEventPut = (
  tracker: SlaTracker,
  eventType: 'SLAImminent' | 'SLAExpired',
  occurredAt: string,
  now: Date,
): TransactItem => {
  // `~` is outside the ingest's identifier alphabet, so the platform can never send the same event id.
  const eventId = eventType === 'SLAImminent' ? '~sla-imminent' : '~sla-expired';
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: exceptionPk(tracker.tenant_id, tracker.exception_id),
        sk: `EVT#${eventId}`,
        event_id: eventId,
        exception_id: tracker.exception_id,
        tenant_id: tracker.tenant_id,
        event_type: eventType,
        occurred_at: occurredAt,
        actor: 'opsdeck-sla-sweeper',
        emitted_at: now.toISOString(),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
};

/**
 * Emits SLAImminent for a tracker still at `pending`: appends the event and moves the tracker's
 * sweep key to its deadline, in one transaction conditional on the stage read — so of two
 * concurrent sweepers exactly one succeeds. False when someone else moved it first.
 */
export function emitImminent(tracker: SlaTracker, now: Date): Promise<boolean> {
  return commitSlaWrites([
    {
      Update: {
        TableName: table(),
        Key: { pk: exceptionPk(tracker.tenant_id, tracker.exception_id), sk: 'SLA' },
        UpdateExpression: 'SET stage = :next, gsi2sk = :due',
        ConditionExpression: 'stage = :stage',
        ExpressionAttributeValues: {
          ':next': 'imminent',
          ':stage': tracker.stage,
          ':due': sweepKey(tracker, tracker.sla_deadline).gsi2sk,
        },
      },
    },
    slaEventPut(tracker, 'SLAImminent', tracker.imminent_at, now),
  ]);
}

/**
 * Emits SLAExpired for an open exception past its deadline: appends the event, records the breach,
 * counts it on the deadline's local day and takes the tracker out of the sweeper's index — one
 * transaction, conditional on the stage read, so it happens once however many sweepers run.
 */
export function emitExpired(
  tracker: SlaTracker,
  breachIncrements: AggregateIncrements,
  now: Date,
): Promise<boolean> {
  return commitSlaWrites([
    {
      Update: {
        TableName: table(),
        Key: { pk: exceptionPk(tracker.tenant_id, tracker.exception_id), sk: 'SLA' },
        UpdateExpression: 'SET stage = :next REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'stage = :stage',
        ExpressionAttributeValues: { ':next': 'expired', ':stage': tracker.stage },
      },
    },
    slaEventPut(tracker, 'SLAExpired', tracker.sla_deadline, now),
    breachPutWrite({
      tenant_id: tracker.tenant_id,
      exception_id: tracker.exception_id,
      type: tracker.type,
      severity: tracker.severity,
      created_at: tracker.created_at,
      sla_deadline: tracker.sla_deadline,
      resolved_at: null,
      detected_by: 'sweeper',
      recorded_at: now.toISOString(),
    }),
    ...aggregateWrites(tracker.tenant_id, breachIncrements),
  ]);
}
