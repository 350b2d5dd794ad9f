import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { alertHistoryKey, deliveryAttemptPartition, type NotificationStatus } from './alert-contract';
import { DELIVERY_RECORD_TTL_DAYS } from './delivery-settings';

/*
 * Keys (alerts table):
 *   delivery attempt    pk ALERTDELIVERY#<alert_id>     sk <attempted_at>#<notification_id>#<attempt>  (contract)
 *   notification state  pk ALERTNOTIFY#<notification_id> sk STATE
 *
 * The state item is the delivery's idempotency record: `sending` (claimed by a sender until
 * lease_until), `retrying` (try `attempt` failed, try attempt+1 is enqueued), and the final
 * `delivered`, `failed` (exhausted — then also in the notifications DLQ — or channel gone) and
 * `dropped` (channel missing or disabled). A final state is never left again, so a notification_id
 * that was delivered is never sent again.
 */
const table = () => tableName('alerts');
const stateKey = (notificationId: string) => ({ pk: `ALERTNOTIFY#${notificationId}`, sk: 'STATE' });
const expiresAt = () => Math.floor(Date.now() / 1000) + DELIVERY_RECORD_TTL_DAYS * 86_400;

export type DeliveryState = 'sending' | 'retrying' | 'delivered' | 'failed' | 'dropped';
export const FINAL_STATES: readonly DeliveryState[] = ['delivered', 'failed', 'dropped'];

export interface StoredDeliveryState {
  readonly status: DeliveryState;
  readonly attempt: number;
  readonly lease_until?: number;
}

export type ClaimResult =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'final'; readonly state: StoredDeliveryState }
  /** A later try already ran (a duplicate of an older retry message). */
  | { readonly kind: 'stale' }
  /** Another sender holds the notification right now. */
  | { readonly kind: 'busy' };

export async function readDeliveryState(notificationId: string): Promise<StoredDeliveryState | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: stateKey(notificationId), ConsistentRead: true }),
  );
  return Item
    ? {
        status: Item.status as DeliveryState,
        attempt: Item.attempt as number,
        ...(Item.lease_until !== undefined ? { lease_until: Item.lease_until as number } : {}),
      }
    : null;
}

/**
 * Claims try `attempt` of a notification for `leaseMs`: allowed when nothing was tried yet, when
 * an earlier try failed and asked for this one, or when a sender of this try crashed (its lease
 * ran out). One conditional write, so two receivers of one message never both send.
 */
export async function claimDelivery(
  notificationId: string,
  attempt: number,
  leaseMs: number,
): Promise<ClaimResult> {
  const now = Date.now();
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...stateKey(notificationId),
          status: 'sending',
          attempt,
          lease_until: now + leaseMs,
          expires_at: expiresAt(),
        },
        ConditionExpression:
          'attribute_not_exists(pk) OR (#status = :retrying AND attempt < :attempt) OR (#status = :sending AND lease_until < :now AND attempt <= :attempt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':retrying': 'retrying',
          ':sending': 'sending',
          ':attempt': attempt,
          ':now': now,
        },
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const state = await readDeliveryState(notificationId);
  if (!state) return { kind: 'busy' };
  if (FINAL_STATES.includes(state.status)) return { kind: 'final', state };
  if (state.attempt > attempt || (state.status === 'retrying' && state.attempt >= attempt))
    return { kind: 'stale' };
  return { kind: 'busy' };
}

/** Moves a claimed notification on (to a final state or `retrying`); only its claimant may. */
export async function settleDelivery(
  notificationId: string,
  attempt: number,
  status: Exclude<DeliveryState, 'sending'>,
): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...stateKey(notificationId),
        status,
        attempt,
        settled_at: new Date().toISOString(),
        expires_at: expiresAt(),
      },
    }),
  );
}

/** One try of one notification, as recorded under the alert. */
export interface DeliveryAttempt {
  readonly alert_id: string;
  readonly owner: string;
  readonly channel_id: string;
  readonly channel_type: string | null;
  readonly notification_id: string;
  readonly attempt: number;
  readonly event: string;
  readonly attempted_at: string;
  /** delivered · failed (will retry) · exhausted (retries over) · gone (410: channel disabled) · dropped (channel missing or disabled) */
  readonly outcome: 'delivered' | 'failed' | 'exhausted' | 'gone' | 'dropped';
  readonly status_code?: number;
  readonly error?: string;
  readonly latency_ms: number;
  /** When the next try is due, for `failed`. */
  readonly next_attempt_at?: string;
}

/** Records one try under its alert (the contract's delivery attempt key). */
export async function recordDeliveryAttempt(attempt: DeliveryAttempt): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: deliveryAttemptPartition(attempt.alert_id),
        sk: `${attempt.attempted_at}#${attempt.notification_id}#${attempt.attempt}`,
        ...attempt,
        expires_at: expiresAt(),
      },
    }),
  );
}

/** Every recorded try of an alert's notifications, oldest first. */
export async function listDeliveryAttempts(alertId: string): Promise<DeliveryAttempt[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': deliveryAttemptPartition(alertId) },
  });
  return items.map(
    ({ pk: _pk, sk: _sk, expires_at: _expires, ...rest }) => rest as unknown as DeliveryAttempt,
  );
}

/**
 * Writes the notification roll-up onto the alert history item, when it exists (a test
 * notification has none: skipped silently). An older event never overwrites a newer one's status,
 * and within one event a channel's `failed` is not hidden by another channel's success or retry.
 */
export async function updateNotificationStatus(
  owner: string,
  alertId: string,
  status: NotificationStatus,
  eventTimestamp: string,
  at: string,
): Promise<boolean> {
  const keepsFailure = status === 'delivered' || status === 'retrying';
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: alertHistoryKey(owner, alertId),
        UpdateExpression:
          'SET notification_status = :status, last_notification_at = :at, notification_event_at = :event',
        ConditionExpression: [
          'attribute_exists(pk)',
          '(attribute_not_exists(notification_event_at) OR notification_event_at <= :event)',
          ...(keepsFailure ? ['NOT (notification_status = :failed AND notification_event_at = :event)'] : []),
        ].join(' AND '),
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ':event': eventTimestamp,
          ...(keepsFailure ? { ':failed': 'failed' } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
