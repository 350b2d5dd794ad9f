import { createHash } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { functions, queues, type FunctionName, type QueueName } from '../../shared/resources/declarations';
import { lambdaContext, loadHandler } from './handler-loader';

export interface PollerTarget {
  functionName: FunctionName;
  queue: QueueName;
  queueUrl: string;
  queueArn: string;
}

const toLambdaAttributes = (
  attributes: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes => {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return result;
};

/** Shapes received messages as the SQS event source mapping delivers them to Lambda. */
export function toSqsEvent(messages: Message[], target: PollerTarget): SQSEvent {
  return {
    Records: messages.map((message): SQSRecord => ({
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: message.Attributes?.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp:
          message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...(message.Attributes?.MessageGroupId ? { MessageGroupId: message.Attributes.MessageGroupId } : {}),
        ...(message.Attributes?.MessageDeduplicationId
          ? { MessageDeduplicationId: message.Attributes.MessageDeduplicationId }
          : {}),
      },
      messageAttributes: toLambdaAttributes(message.MessageAttributes),
      md5OfBody:
        message.MD5OfBody ??
        createHash('md5')
          .update(message.Body ?? '')
          .digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: target.queueArn,
      awsRegion: process.env.AWS_REGION ?? 'us-east-1',
    })),
  };
}

/**
 * Hands one received batch to the consumer and deletes what it processed: everything when it
 * returns no failures, all but `batchItemFailures` otherwise, nothing when it throws (the batch
 * becomes visible again after the visibility timeout, as with Lambda).
 */
export async function deliverBatch(
  sqs: SQSClient,
  target: PollerTarget,
  messages: Message[],
  consume: (event: SQSEvent) => Promise<unknown> = async (event) =>
    (await loadHandler(target.functionName))(
      event,
      lambdaContext(target.functionName, event.Records[0]!.messageId),
    ),
): Promise<{ deleted: number; failed: number }> {
  const event = toSqsEvent(messages, target);
  let failedIds: Set<string>;
  try {
    const response = (await consume(event)) as SQSBatchResponse | undefined;
    failedIds = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
  } catch {
    return { deleted: 0, failed: messages.length };
  }
  const done = event.Records.filter((record) => !failedIds.has(record.messageId));
  for (let index = 0; index < done.length; index += 10) {
    const slice = done.slice(index, index + 10);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: target.queueUrl,
        Entries: slice.map((record, position) => ({
          Id: String(position),
          ReceiptHandle: record.receiptHandle,
        })),
      }),
    );
  }
  return { deleted: done.length, failed: failedIds.size };
}

/** Every consumer function with the queue it reads. */
export function pollerTargets(provisioned: Record<QueueName, { url: string; arn: string }>): PollerTarget[] {
  const targets: PollerTarget[] = [];
  for (const [functionName, declaration] of Object.entries(functions) as [
    FunctionName,
    { consumes?: QueueName },
  ][]) {
    if (!declaration.consumes) continue;
    const queue = provisioned[declaration.consumes];
    targets.push({ functionName, queue: declaration.consumes, queueUrl: queue.url, queueArn: queue.arn });
  }
  return targets;
}

/** Long-polls each consumer's queue and delivers batches until stopped. */
export function startPollers(
  sqs: SQSClient,
  targets: PollerTarget[],
  log: (line: string) => void = () => undefined,
  consume?: (target: PollerTarget, event: SQSEvent) => Promise<unknown>,
): { stop(): Promise<void> } {
  const controller = new AbortController();
  const loops = targets.map(async (target) => {
    const batchSize = Math.min(queues[target.queue]?.batchSize ?? 10, 10);
    while (!controller.signal.aborted) {
      try {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: target.queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: controller.signal },
        );
        if (Messages?.length) {
          await deliverBatch(sqs, target, Messages, consume && ((event) => consume(target, event)));
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        log(`poller ${target.functionName}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  });
  return {
    async stop() {
      controller.abort();
      await Promise.allSettled(loops);
    },
  };
}
