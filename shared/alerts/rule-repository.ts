import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditedWrite } from '../audit-trail/audit-repository';
import { documentClient, queryItems } from '../aws/dynamodb';
import { tableName } from '../settings/env';
import { ConflictError } from '../errors/typed-errors';
import { alertRuleKey } from './alert-contract';
import { type AlertType } from './alert-vocabulary';
import type { AlertRule } from './rule-schemas';

/*
 * Keys (config table):
 *   alert rule   pk TENANT#<owner>  sk ALERTRULE#<config_id>        (alertRuleKey, the contract)
 *                gsi1pk ALERTRULES  gsi1sk <owner>#<config_id>        (every rule, for the evaluator)
 *   type claim   pk TENANT#<owner>  sk ALERTRULETYPE#<alert_type>    { config_id }
 *
 * The claim makes one rule per (owner, alert type), so that an alert's fingerprint (owner, type,
 * subject) names exactly one rule. The evaluator reads all rules with one paged index Query.
 */
const table = () => tableName('config');
const RULE_INDEX_PK = 'ALERTRULES';
const claimKey = (owner: string, alertType: AlertType) => ({
  pk: `TENANT#${owner}`,
  sk: `ALERTRULETYPE#${alertType}`,
});

const toRule = (item: Record<string, unknown>): AlertRule => ({
  config_id: item.config_id as string,
  tenant_id: item.tenant_id as string,
  alert_type: item.alert_type as AlertType,
  enabled: Boolean(item.enabled),
  threshold_value: Number(item.threshold_value),
  threshold_unit: item.threshold_unit as string,
  window_minutes: (item.window_minutes as number | null | undefined) ?? null,
  scope: (item.scope as AlertRule['scope'] | undefined) ?? null,
  severity: item.severity as AlertRule['severity'],
  channels: (item.channels as string[] | undefined) ?? [],
  quiet_hours: (item.quiet_hours as AlertRule['quiet_hours'] | undefined) ?? null,
  escalation: (item.escalation as AlertRule['escalation'] | undefined) ?? null,
  renotify_interval_minutes: (item.renotify_interval_minutes as number | null | undefined) ?? null,
  created_at: item.created_at as string,
  updated_at: item.updated_at as string,
  created_by: item.created_by as string,
  updated_by: item.updated_by as string,
});

/** Reads one rule of an owner (a tenant id or `platform`), or null. */
export async function findRule(owner: string, configId: string): Promise<AlertRule | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table(), Key: alertRuleKey(owner, configId), ConsistentRead: true }),
  );
  return Item ? toRule(Item) : null;
}

/** Every rule of an owner, by id (oldest first: ids are ULIDs). */
export async function listRules(owner: string): Promise<AlertRule[]> {
  const items = await queryItems({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': alertRuleKey(owner, '').pk, ':prefix': 'ALERTRULE#' },
    ConsistentRead: true,
  });
  return items.map(toRule);
}

/** Every rule of every owner (the evaluator's one read of the configuration per cycle). */
export async function listAllRules(): Promise<AlertRule[]> {
  const items = await queryItems({
    TableName: table(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': RULE_INDEX_PK },
  });
  return items.map(toRule);
}

const changedMeanwhile = (configId: string) => () =>
  new ConflictError(`Alert rule ${configId} was changed by someone else meanwhile; read it and try again.`);

/** Creates a rule (`before` null; claims its type for the owner) or replaces it as read. */
export function putRuleWrites(rule: AlertRule, before: AlertRule | null): AuditedWrite[] {
  const writes: AuditedWrite[] = [
    {
      item: {
        Put: {
          TableName: table(),
          Item: {
            ...alertRuleKey(rule.tenant_id, rule.config_id),
            gsi1pk: RULE_INDEX_PK,
            gsi1sk: `${rule.tenant_id}#${rule.config_id}`,
            ...rule,
          },
          ConditionExpression: before ? 'updated_at = :expected' : 'attribute_not_exists(pk)',
          ...(before ? { ExpressionAttributeValues: { ':expected': before.updated_at } } : {}),
        },
      },
      onConditionFailed: changedMeanwhile(rule.config_id),
    },
  ];
  if (!before) {
    writes.push({
      item: {
        Put: {
          TableName: table(),
          Item: { ...claimKey(rule.tenant_id, rule.alert_type), config_id: rule.config_id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new ConflictError(
          `${rule.tenant_id} already has a ${rule.alert_type} rule; change that one (one rule per alert type).`,
        ),
    });
  }
  return writes;
}

/** Deletes a rule as read and frees its type. */
export function deleteRuleWrites(before: AlertRule): AuditedWrite[] {
  return [
    {
      item: {
        Delete: {
          TableName: table(),
          Key: alertRuleKey(before.tenant_id, before.config_id),
          ConditionExpression: 'updated_at = :expected',
          ExpressionAttributeValues: { ':expected': before.updated_at },
        },
      },
      onConditionFailed: () =>
        new ConflictError(`Alert rule ${before.config_id} was changed or deleted meanwhile.`),
    },
    {
      item: {
        Delete: {
          TableName: table(),
          Key: claimKey(before.tenant_id, before.alert_type),
          ConditionExpression: 'config_id = :id',
          ExpressionAttributeValues: { ':id': before.config_id },
        },
      },
      onConditionFailed: changedMeanwhile(before.config_id),
    },
  ];
}
