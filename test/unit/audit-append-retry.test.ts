import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { commitWithAudit } from '../../shared/audit-trail/audit-repository';
import { documentClient } from '../../shared/aws/dynamodb';
import { ConflictError } from '../../shared/errors/typed-errors';

// Narrow error-path tests: the races themselves are exercised against DynamoDB Local in the integration tier.
const dynamo = mockClient(documentClient);
afterEach(() => dynamo.reset());

const input = {
  tenant_id: 'acme',
  actor: { key_id: 'k', name: 'n', role: 'admin', tenant_id: 'acme' },
  action: 'tenant.updated',
  resource: { type: 'tenant', id: 'acme' },
  before: null,
  after: null,
  request_id: 'r',
};

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const domainWrite = {
  item: {
    ConditionCheck: {
      TableName: 't',
      Key: { pk: 'p', sk: 's' },
      ConditionExpression: 'attribute_exists(pk)',
    },
  },
  onConditionFailed: () => new ConflictError('changed meanwhile'),
};

describe('commitWithAudit', () => {
  it('re-reads the head and retries when another writer took the next sequence number', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { seq: 4, hash: 'a'.repeat(64) } })
      .resolves({ Item: { seq: 5, hash: 'b'.repeat(64) } });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'None', 'ConditionalCheckFailed']))
      .resolves({});
    const record = await commitWithAudit(input, [domainWrite]);
    expect(record.seq).toBe(6);
    expect(record.prev_hash).toBe('b'.repeat(64));
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it("raises the domain write's own error when its condition fails, without retrying", async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None']));
    await expect(commitWithAudit(input, [domainWrite])).rejects.toThrow(ConflictError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('gives up after a bounded number of lost races', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed']));
    await expect(commitWithAudit(input)).rejects.toThrow(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(8);
  });
});
