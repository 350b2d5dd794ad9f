import { randomBytes } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionQueue } from '../../infra/local/provision';
import { startPollers, type PollerTarget } from '../../infra/local/sqs-pollers';
import { stack } from './support/api';

const sqs = new SQSClient({
  endpoint: stack.endpoints.sqs,
  region: stack.region,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

const fastQueue = {
  description: 'poller test queue',
  visibilityTimeoutSeconds: 1,
  retentionDays: 1,
  maxReceiveCount: 2,
  fifo: false,
  batchSize: 10,
  dlqAlarmThreshold: 1,
};

async function visibleAndInFlight(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('local SQS pollers', () => {
  afterAll(() => sqs.destroy());

  it('deletes processed messages, redelivers batchItemFailures and dead-letters them after maxReceiveCount', async () => {
    // Prepare: a fast queue and five messages, one of which the consumer always rejects.
    const queue = await provisionQueue(
      stack.endpoints.sqs,
      `poller-${randomBytes(3).toString('hex')}`,
      fastQueue,
    );
    const target: PollerTarget = {
      functionName: 'getHealth',
      queue: 'ingest',
      queueUrl: queue.url,
      queueArn: queue.arn,
    };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: ['a', 'b', 'poison', 'c', 'd'].map((name) => ({
          Id: name,
          MessageBody: JSON.stringify({ name }),
        })),
      }),
    );
    const processed: string[] = [];
    const poisonDeliveries: number[] = [];
    const consume = async (_target: PollerTarget, event: SQSEvent): Promise<SQSBatchResponse> => {
      expect(event.Records[0]!.eventSource).toBe('aws:sqs');
      const failures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const { name } = JSON.parse(record.body) as { name: string };
        if (name === 'poison') {
          poisonDeliveries.push(Number(record.attributes.ApproximateReceiveCount));
          failures.push({ itemIdentifier: record.messageId });
        } else processed.push(name);
      }
      return { batchItemFailures: failures };
    };

    // Act: poll until the main queue is empty.
    const pollers = startPollers(sqs, [target], () => undefined, consume);
    try {
      await waitFor(async () => processed.length === 4 && (await visibleAndInFlight(queue.url)) === 0);
    } finally {
      await pollers.stop();
    }

    // Assess: each good message once; the poison one twice, then in the DLQ.
    expect(processed.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(poisonDeliveries).toEqual([1, 2]);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages?.map((message) => JSON.parse(message.Body!).name)).toEqual(['poison']);
  });

  it('deletes nothing when the consumer throws, so the whole batch comes back', async () => {
    const queue = await provisionQueue(stack.endpoints.sqs, `poller-${randomBytes(3).toString('hex')}`, {
      ...fastQueue,
      maxReceiveCount: 5,
    });
    const target: PollerTarget = {
      functionName: 'getHealth',
      queue: 'ingest',
      queueUrl: queue.url,
      queueArn: queue.arn,
    };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: ['x', 'y'].map((name) => ({ Id: name, MessageBody: JSON.stringify({ name }) })),
      }),
    );
    let calls = 0;
    const seen: string[] = [];
    const pollers = startPollers(
      sqs,
      [target],
      () => undefined,
      async (_target, event) => {
        calls += 1;
        if (calls === 1) throw new Error('consumer crashed');
        seen.push(...event.Records.map((record) => (JSON.parse(record.body) as { name: string }).name));
        return { batchItemFailures: [] };
      },
    );
    try {
      await waitFor(async () => seen.length >= 2 && (await visibleAndInFlight(queue.url)) === 0);
    } finally {
      await pollers.stop();
    }
    expect(seen.sort()).toEqual(['x', 'y']);
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
