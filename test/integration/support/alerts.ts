import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { dynamo, stack } from './api';

/**
 * An e-mail channel as the channels side stores it, written directly so that the rules,
 * evaluation and history tests do not depend on the channels API.
 */
export async function seedChannel(owner: string, enabled = true): Promise<string> {
  const channelId = ulid();
  const now = new Date().toISOString();
  await dynamo.send(
    new PutCommand({
      TableName: stack.tables.config,
      Item: {
        pk: `TENANT#${owner}`,
        sk: `ALERTCHANNEL#${channelId}`,
        gsi1pk: `ALERTCHANNEL#${channelId}`,
        gsi1sk: owner,
        channel_id: channelId,
        tenant_id: owner,
        channel_type: 'email',
        name: 'on-call',
        enabled,
        verified: false,
        addresses: ['oncall@example.com'],
        created_at: now,
        updated_at: now,
        created_by: 'test',
      },
    }),
  );
  return channelId;
}

/** The actions of one audit chain (a tenant id or `platform`), oldest first. */
export async function auditActions(chain: string): Promise<string[]> {
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: stack.tables.audit,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
      ExpressionAttributeValues: { ':pk': `TENANT#${chain}`, ':seq': 'SEQ#' },
    }),
  );
  return Items.map((item) => item.action as string);
}
