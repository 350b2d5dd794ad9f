/**
 * One SDK client per service, created once per process (module scope). In AWS the endpoints come
 * from the runtime; on the local stack `OPSDECK_<SERVICE>_ENDPOINT` points each client at its emulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';

const endpoint = (service: 'DYNAMODB' | 'SQS' | 'S3' | 'SES'): string | undefined =>
  process.env[`OPSDECK_${service}_ENDPOINT`] || undefined;

const common = { maxAttempts: 3 } as const;

export const dynamoDbClient = new DynamoDBClient({ ...common, endpoint: endpoint('DYNAMODB') });

/** DynamoDB with plain JavaScript values in and out. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const sqsClient = new SQSClient({ ...common, endpoint: endpoint('SQS') });

export const s3Client = new S3Client({
  ...common,
  endpoint: endpoint('S3'),
  // The local S3 emulator serves buckets by path, not by virtual host.
  forcePathStyle: endpoint('S3') !== undefined,
});

export const sesClient = new SESv2Client({ ...common, endpoint: endpoint('SES') });
