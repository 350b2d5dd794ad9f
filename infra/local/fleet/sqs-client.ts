/**
 * The fleet's SQS client. The local emulators accept any credentials; the stack signs
 * everything with s3rver's built-in pair, and so does the fleet.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

export const FLEET_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const FLEET_REGION = 'us-east-1';

export function createFleetSqsClient(endpoint: string, region = FLEET_REGION): SQSClient {
  return new SQSClient({ endpoint, region, credentials: FLEET_CREDENTIALS, maxAttempts: 3 });
}

/** Approximate visible + in-flight messages of a queue (throws when the queue cannot be reached). */
export async function readQueueDepth(
  client: SQSClient,
  queueUrl: string,
  timeoutMs: number,
): Promise<number> {
  const { Attributes: attributes } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
    { abortSignal: AbortSignal.timeout(timeoutMs) },
  );
  return (
    Number(attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** The queue name, the last segment of its URL. */
export function queueNameOf(queueUrl: string): string {
  return new URL(queueUrl).pathname.split('/').filter(Boolean).at(-1) ?? queueUrl;
}
