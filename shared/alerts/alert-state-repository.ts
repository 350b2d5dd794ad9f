import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import type { Severity } from '../platform/platform-vocabulary';
import type { AlertType } from './alert-vocabulary';
import type { NotificationStatus } from './alert-contract';
import { alertFingerprint, type PendingEvent } from './alert-conditions';

/*
 * Keys (alerts table):
 *   alert state   pk ALERTSTATE#<owner>   sk <alert_type>#<subject>
 *                 gsi1pk ALERTSTATES      gsi1sk <owner>#<alert_type>#<subject>
 *
 * One state item per fingerprint (owner, type, subject) while its alert is open (and until its
 * resolution has been notified). Every change is conditional on `version`, so two evaluators (or an
 * evaluator and a user acknowledging) never both apply a change; creation is conditional on absence,
 * so an alert fires once. The index lets one paged Query read every open alert of every owner.
 */
const table = () => tableName('alerts');
const STATE_INDEX_PK = 'ALERTSTATES';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type AlertStateStatus = 'firing' | 'acknowledged' | 'resolved';

export interface AlertState {
  owner: string;
  alert_type: AlertType;
  subject: string;
  rule_id: string;
  alert_id: string;
  status: AlertStateStatus;
  severity: Severity;
  title: string;
  message: string;
  details: Record<string, unknown>;
  /** The rule's channels when the alert fired (resolutions of deleted rules still reach them). */
  channels: string[];
  triggered_at: string;
  /** When the state last changed; an evaluation with an earlier `now` leaves the state alone. */
  changed_at: string;
  version: number;
  last_notified_at: string | null;
  renotify_count: number;
  escalated_at: string | null;
  /** Notifications owed: not yet enqueued, or held by quiet hours. */
  pending: PendingEvent[];
  /** How a resolved state was resolved: by the evaluator (auto) or a user; null while open. */
  resolution: 'auto' | 'user' | null;
  /** The roll-up this side last wrote on the history item (deferred is written once). */
  notification_status: NotificationStatus;
}

export const stateKey = (owner: string, alertType: AlertType, subject: string) => ({
  pk: `ALERTSTATE#${owner}`,
  sk: `${alertType}#${subject}`,
});

const toState = (item: Record<string, unknown>): AlertState => ({
  owner: item.owner as string,
  alert_type: item.alert_type as AlertType,
  subject: item.subject as string,
  rule_id: item.rule_id as string,
  alert_id: item.alert_id as string,
  status: item.status as AlertStateStatus,
  severity: item.severity as Severity,
  title: item.title as string,
  message: item.message as string,
  details: (item.details as Record<string, unknown> | undefined) ?? {},
  channels: (item.channels as string[] | undefined) ?? [],
  triggered_at: item.triggered_at as string,
  changed_at: item.changed_at as string,
  version: Number(item.version),
  last_notified_at: (item.last_notified_at as string | null | undefined) ?? null,
  renotify_count: Number(item.renotify_count ?? 0),
  escalated_at: (item.escalated_at as string | null | undefined) ?? null,
  pending: (item.pending as PendingEvent[] | undefined) ?? [],
  resolution: (item.resolution as AlertState['resolution'] | undefined) ?? null,
  notification_status: (item.notification_status as NotificationStatus | undefined) ?? 'pending',
});

const stateItem = (state: AlertState) => ({
  ...stateKey(state.owner, state.alert_type, state.subject),
  gsi1pk: STATE_INDEX_PK,
  gsi1sk: `${state.owner}#${state.alert_type}#${state.subject}`,
  fingerprint: alertFingerprint(state.owner, state.alert_type, state.subject),
  ...state,
});

/** Every open alert state of every owner (one paged index Query: O(open alerts)). */
export async function listOpenStates(): Promise<AlertState[]> {
  const items = await queryItems({
    TableName: table(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': STATE_INDEX_PK },
  });
  return items.map(toState);
}

/** Reads one fingerprint's state (consistent), or null. */
export async function findState(
  owner: string,
  alertType: AlertType,
  subject: string,
): Promise<AlertState | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: stateKey(owner, alertType, subject), ConsistentRead: true }),
  );
  return Item ? toState(Item) : null;
}

/** Creates the state of a new alert, only if the fingerprint has none (the one-alert guarantee). */
export const createStateWrite = (state: AlertState): TransactItem => ({
  Put: { TableName: table(), Item: stateItem(state), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Replaces a state provided it is still at `expectedVersion` (`state.version` is the new one). */
export const replaceStateWrite = (state: AlertState, expectedVersion: number): TransactItem => ({
  Put: {
    TableName: table(),
    Item: stateItem(state),
    ConditionExpression: 'version = :expected',
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

/** Deletes a state provided it is still at `expectedVersion`. */
export const deleteStateWrite = (state: AlertState, expectedVersion: number): TransactItem => ({
  Delete: {
    TableName: table(),
    Key: stateKey(state.owner, state.alert_type, state.subject),
    ConditionExpression: 'version = :expected',
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

/**
 * Commits state and history writes in one transaction. False when a condition failed (someone
 * else changed the alert first: the caller's view is stale and it must not act on it).
 */
export async function commitAlertWrites(items: TransactItem[]): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      // A conflict with a concurrent transaction decides nothing yet: try again, the conditions decide.
      const conflictOnly = codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
      if (!conflictOnly || attempt >= 4) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
