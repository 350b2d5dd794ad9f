import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { tableName } from '../settings/env';

/*
 * Keys (telemetry table) — facts the audit reports draw on, kept 400 days:
 *   tool execution    pk TENANT#<tenant>#TOOLEXEC#<execution_id>  sk FACT
 *                     gsi1pk TENANT#<tenant>#TOOLEXEC  gsi1sk <started_at>#<execution_id>
 *   policy decision   pk TENANT#<tenant>#POLICYDEC#<decision_id>  sk FACT
 *                     gsi1pk TENANT#<tenant>#POLICYDEC  gsi1sk <decided_at>#<decision_id>
 */
const table = () => tableName('telemetry');
const RETENTION_SECONDS = 400 * 86_400;

export type FactKind = 'TOOLEXEC' | 'POLICYDEC';

/** Stores one fact once (its id is the idempotency key); false when it was already stored. */
export async function insertFact(
  kind: FactKind,
  tenantId: string,
  factId: string,
  occurredAt: string,
  fact: Record<string, unknown>,
): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `TENANT#${tenantId}#${kind}#${factId}`,
          sk: 'FACT',
          gsi1pk: `TENANT#${tenantId}#${kind}`,
          gsi1sk: `${occurredAt}#${factId}`,
          expires_at: Math.floor(Date.parse(occurredAt) / 1000) + RETENTION_SECONDS,
          ...fact,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
