/**
 * Creates the declared tables, queues (each with its dead-letter queue) and buckets in the local
 * emulators, idempotently: run it on every start, against fresh or persisted state alike. It builds
 * its own SDK clients with explicit endpoints and credentials, so it works before the process
 * environment points the clients in shared/aws/ at the emulators.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  bucketEnvName,
  buckets,
  physicalName,
  queueEnvName,
  queues,
  tableEnvName,
  tables,
  type BucketName,
  type QueueDeclaration,
  type QueueName,
  type TableDeclaration,
  type TableName,
} from '../../shared/resources/declarations';
import { localCredentials, localRegion, type EmulatorEndpoints } from './emulators';

export interface ProvisionedQueue {
  readonly url: string;
  readonly dlqUrl: string;
  /** ARN of the main queue. */
  readonly arn: string;
}

export interface ProvisionedResources {
  readonly queues: Record<QueueName, ProvisionedQueue>;
}

export interface ProvisionOptions {
  /** Receives one line per notable step (created, already there, skipped). */
  readonly log?: (line: string) => void;
}

/** SQS's longest retention, so that a dead letter outlives the message it came from. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Creates every declared table, queue and bucket for `stage`; existing ones are kept. */
export async function provisionResources(
  stage: string,
  endpoints: Pick<EmulatorEndpoints, 'dynamodb' | 'sqs' | 's3'>,
  options: ProvisionOptions = {},
): Promise<ProvisionedResources> {
  assertStageName(stage);
  const log = options.log ?? (() => {});
  const dynamoDb = new DynamoDBClient(clientConfig(endpoints.dynamodb));
  const sqs = new SQSClient(clientConfig(endpoints.sqs));
  const s3 = new S3Client({ ...clientConfig(endpoints.s3), forcePathStyle: true });
  try {
    const tableNames = Object.keys(tables) as TableName[];
    const queueNames = Object.keys(queues) as QueueName[];
    const [, provisionedQueues] = await Promise.all([
      Promise.all(
        tableNames.map((name) => provisionTable(dynamoDb, physicalName(stage, name), tables[name], log)),
      ),
      Promise.all(
        queueNames.map(
          async (name) =>
            [
              name,
              await provisionQueueWith(sqs, endpoints.sqs, physicalName(stage, name), queues[name], log),
            ] as const,
        ),
      ),
      Promise.all(Object.keys(buckets).map((name) => provisionBucket(s3, physicalName(stage, name), log))),
    ]);
    return { queues: Object.fromEntries(provisionedQueues) as Record<QueueName, ProvisionedQueue> };
  } finally {
    dynamoDb.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

/** The environment a function needs to find this stage's resources (names, queue URLs, stage). */
export function resourceEnvironment(
  stage: string,
  provisioned: ProvisionedResources,
): Record<string, string> {
  const environment: Record<string, string> = { OPSDECK_STAGE: stage };
  for (const name of Object.keys(tables) as TableName[]) {
    environment[tableEnvName(name)] = physicalName(stage, name);
  }
  for (const name of Object.keys(queues) as QueueName[]) {
    environment[queueEnvName(name)] = provisioned.queues[name].url;
  }
  for (const name of Object.keys(buckets) as BucketName[]) {
    environment[bucketEnvName(name)] = physicalName(stage, name);
  }
  return environment;
}

/**
 * Creates one queue and its dead-letter queue `<baseName>-dlq` (with `.fifo` appended to both
 * when FIFO) and sets the declared attributes and redrive policy. Exported for tests that need a
 * queue with faster settings than the declared ones.
 */
export async function provisionQueue(
  sqsEndpoint: string,
  baseName: string,
  declaration: QueueDeclaration,
  options: ProvisionOptions = {},
): Promise<ProvisionedQueue> {
  const sqs = new SQSClient(clientConfig(sqsEndpoint));
  try {
    return await provisionQueueWith(sqs, sqsEndpoint, baseName, declaration, options.log ?? (() => {}));
  } finally {
    sqs.destroy();
  }
}

function clientConfig(endpoint: string) {
  return {
    endpoint,
    region: process.env.AWS_REGION || localRegion,
    credentials: localCredentials,
    maxAttempts: 3,
  };
}

function assertStageName(stage: string): void {
  // The stage becomes part of bucket names, which allow only lower-case letters, digits and hyphens.
  if (!/^[a-z0-9][a-z0-9-]{0,20}$/.test(stage)) {
    throw new Error(`Stage name "${stage}" must be 1-21 lower-case letters, digits or hyphens`);
  }
}

// ---------------------------------------------------------------------------------------------

async function provisionTable(
  client: DynamoDBClient,
  tableName: string,
  declaration: TableDeclaration,
  log: (line: string) => void,
): Promise<void> {
  const keyAttributes = new Set<string>([declaration.partitionKey, declaration.sortKey]);
  for (const index of declaration.indexes) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...keyAttributes].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  const indexes: GlobalSecondaryIndex[] = declaration.indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));

  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: declaration.partitionKey, KeyType: 'HASH' },
          { AttributeName: declaration.sortKey, KeyType: 'RANGE' },
        ],
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
    log(`table ${tableName}: created`);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await addMissingIndexes(client, tableName, attributeDefinitions, indexes, log);
  }
  await enableTimeToLive(client, tableName, declaration.ttlAttribute, log);
}

/** A persisted table from an older declaration gets the indexes declared since. */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  attributeDefinitions: AttributeDefinition[],
  indexes: GlobalSecondaryIndex[],
  log: (line: string) => void,
): Promise<void> {
  const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const existing = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = indexes.filter((index) => !existing.has(index.IndexName));
  if (missing.length === 0) {
    log(`table ${tableName}: already exists`);
    return;
  }
  // DynamoDB accepts one index creation per UpdateTable call.
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    log(`table ${tableName}: added index ${index.IndexName}`);
  }
}

async function enableTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
  log: (line: string) => void,
): Promise<void> {
  try {
    const { TimeToLiveDescription: current } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    if (current?.TimeToLiveStatus === 'ENABLED' && current.AttributeName === attributeName) return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName },
      }),
    );
  } catch (error) {
    // TTL is a clean-up aid, not something a feature relies on: an emulator without it is fine.
    log(`table ${tableName}: TTL on ${attributeName} not enabled (${errorMessage(error)}); continuing`);
  }
}

// ---------------------------------------------------------------------------------------------

async function provisionQueueWith(
  client: SQSClient,
  endpoint: string,
  baseName: string,
  declaration: QueueDeclaration,
  log: (line: string) => void,
): Promise<ProvisionedQueue> {
  const suffix = declaration.fifo ? '.fifo' : '';
  // FifoQueue is fixed at creation; everything else is (re)applied so that a persisted queue
  // follows the declaration as it changes.
  const creationAttributes: Record<string, string> = declaration.fifo ? { FifoQueue: 'true' } : {};

  const dlqUrl = await createQueue(client, endpoint, `${baseName}-dlq${suffix}`, creationAttributes);
  await client.send(
    new SetQueueAttributesCommand({
      QueueUrl: dlqUrl,
      Attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_SECONDS) },
    }),
  );
  const dlqArn = await queueArn(client, dlqUrl);

  const url = await createQueue(client, endpoint, `${baseName}${suffix}`, creationAttributes);
  await client.send(
    new SetQueueAttributesCommand({
      QueueUrl: url,
      Attributes: {
        VisibilityTimeout: String(declaration.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(declaration.retentionDays * 24 * 60 * 60),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: declaration.maxReceiveCount,
        }),
      },
    }),
  );
  const arn = await queueArn(client, url);
  log(`queue ${baseName}${suffix}: ready (dead letters after ${declaration.maxReceiveCount} receives)`);
  return { url, dlqUrl, arn };
}

async function createQueue(
  client: SQSClient,
  endpoint: string,
  queueName: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl: queueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
  );
  if (!queueUrl) throw new Error(`CreateQueue ${queueName} returned no QueueUrl`);
  // fauxqs stores the URL it first answered with, port included, and finds queues by path alone;
  // after a restart on another port the stored URL would point nowhere, so use the current one.
  return new URL(new URL(queueUrl).pathname, endpoint).toString();
}

async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes: attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = attributes?.QueueArn;
  if (!arn) throw new Error(`GetQueueAttributes ${queueUrl} returned no QueueArn`);
  return arn;
}

// ---------------------------------------------------------------------------------------------

async function provisionBucket(
  client: S3Client,
  bucketName: string,
  log: (line: string) => void,
): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
    log(`bucket ${bucketName}: created`);
  } catch (error) {
    const alreadyThere =
      error instanceof S3ServiceException &&
      ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(error.name);
    if (!alreadyThere) throw error;
    log(`bucket ${bucketName}: already exists`);
  }
  // Lifecycle expiry (expireAfterDays) is not applied: s3rver has no lifecycle support.
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
