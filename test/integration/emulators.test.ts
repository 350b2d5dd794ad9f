/**
 * The local stack's emulators behave like the AWS services the handlers rely on: DynamoDB
 * transactions, indexes and atomic counters; SQS redrive to a dead-letter queue; S3 presigned URL
 * signatures and expiry; SES v2 sending. Runs them in memory on random ports.
 */
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion, startEmulators, type Emulators } from '../../infra/local/emulators';
import { provisionQueue, provisionResources, type ProvisionedResources } from '../../infra/local/provision';
import { physicalName, queues } from '../../shared/resources/declarations';

const stage = 'test';
const clientConfig = (endpoint: string) => ({ endpoint, region: localRegion, credentials: localCredentials });

let emulators: Emulators;
let provisioned: ProvisionedResources;
let documentClient: DynamoDBDocumentClient;
let sqs: SQSClient;
let s3: S3Client;
let ses: SESv2Client;

beforeAll(async () => {
  emulators = await startEmulators({
    dataDir: path.join(tmpdir(), 'opsdeck-emulators-test'),
    persistent: false,
  });
  provisioned = await provisionResources(stage, emulators.endpoints);
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient(clientConfig(emulators.endpoints.dynamodb)),
  );
  sqs = new SQSClient(clientConfig(emulators.endpoints.sqs));
  s3 = new S3Client({ ...clientConfig(emulators.endpoints.s3), forcePathStyle: true });
  ses = new SESv2Client(clientConfig(emulators.endpoints.ses));
}, 240_000);

afterAll(async () => {
  for (const client of [documentClient, sqs, s3, ses]) client?.destroy();
  await emulators?.stop();
}, 60_000);

describe('DynamoDB Local', () => {
  const table = physicalName(stage, 'config');

  it('applies a transaction all or nothing', async () => {
    // Prepare
    const tenant = { pk: 'TENANT#acme', sk: 'PROFILE', name: 'Acme' };
    const key = { pk: 'TENANT#acme', sk: 'KEY#k1', gsi1pk: 'KEYS#acme', gsi1sk: '2026-01-01T00:00:00Z#k1' };

    // Act
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: tenant, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: table, Item: key, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    const conflicting = documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: 'TENANT#acme', sk: 'KEY#k2' } } },
          { Put: { TableName: table, Item: tenant, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );

    // Assess
    await expect(conflicting).rejects.toBeInstanceOf(TransactionCanceledException);
    const written = await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: tenant.pk, sk: 'KEY#k1' } }),
    );
    const rolledBack = await documentClient.send(
      new GetCommand({ TableName: table, Key: { pk: tenant.pk, sk: 'KEY#k2' } }),
    );
    expect(written.Item).toEqual(key);
    expect(rolledBack.Item).toBeUndefined();
  }, 60_000);

  it('answers a query on the declared GSI in sort-key order', async () => {
    // Prepare
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: ['2026-03-01', '2026-01-01', '2026-02-01'].map((day, index) => ({
          Put: {
            TableName: table,
            Item: { pk: `TENANT#globex`, sk: `KEY#${index}`, gsi1pk: 'KEYS#globex', gsi1sk: day },
          },
        })),
      }),
    );

    // Act
    const page = await documentClient.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from',
        ExpressionAttributeValues: { ':pk': 'KEYS#globex', ':from': '2026-02-01' },
      }),
    );

    // Assess
    expect(page.Items?.map((item) => item.gsi1sk)).toEqual(['2026-02-01', '2026-03-01']);
  }, 60_000);

  it('counts concurrent atomic ADDs exactly', async () => {
    // Prepare
    const usageTable = physicalName(stage, 'usage');
    const counterKey = { pk: 'TENANT#acme#USAGE', sk: 'MINUTE#2026-01-01T00:00' };

    // Act
    await Promise.all(
      Array.from({ length: 25 }, () =>
        documentClient.send(
          new UpdateCommand({
            TableName: usageTable,
            Key: counterKey,
            UpdateExpression: 'ADD requests :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        ),
      ),
    );

    // Assess
    const counter = await documentClient.send(new GetCommand({ TableName: usageTable, Key: counterKey }));
    expect(counter.Item?.requests).toBe(25);
  }, 60_000);
});

describe('fauxqs (SQS)', () => {
  it('gives the declared queue its dead-letter queue and redrive policy', async () => {
    // Act
    const ingest = provisioned.queues.ingest;
    const [{ Attributes: main }, { Attributes: dead }] = await Promise.all([
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: ingest.url, AttributeNames: ['All'] })),
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: ingest.dlqUrl, AttributeNames: ['QueueArn'] })),
    ]);

    // Assess
    expect(main?.QueueArn).toBe(ingest.arn);
    expect(main?.VisibilityTimeout).toBe(String(queues.ingest.visibilityTimeoutSeconds));
    expect(JSON.parse(main?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dead?.QueueArn,
      maxReceiveCount: queues.ingest.maxReceiveCount,
    });
    expect(ingest.dlqUrl).toMatch(/\/opsdeck-test-ingest-dlq$/);
  }, 60_000);

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    // Prepare: the declared queue waits 60 s between receives; this one waits 1 s.
    const probe = await provisionQueue(emulators.endpoints.sqs, physicalName(stage, 'redrive-probe'), {
      ...queues.ingest,
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 2,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: probe.url, MessageBody: 'poison' }));
    const receive = (queueUrl: string) =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          WaitTimeSeconds: 5,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );

    // Act: receive twice without deleting, letting the visibility timeout lapse each time.
    const first = await receive(probe.url);
    const second = await receive(probe.url);
    const third = await receive(probe.url);
    const deadLetters = await receive(probe.dlqUrl);

    // Assess
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(third.Messages ?? []).toHaveLength(0);
    expect(deadLetters.Messages?.map((message) => message.Body)).toEqual(['poison']);
  }, 60_000);
});

describe('s3rver (S3)', () => {
  const bucket = physicalName(stage, 'reports');
  const presign = (key: string, options: { expiresIn: number; signingDate?: Date }) =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), options);

  beforeAll(async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'reports/audit.csv', Body: 'id,action\n1,login\n' }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'reports/other.csv', Body: 'secret\n' }));
  }, 60_000);

  it('stores a streamed upload byte for byte', async () => {
    // Prepare: the SDK frames streams as aws-chunked with a trailing checksum.
    const rows = Array.from({ length: 5000 }, (_, index) => `${index},event-${index},${'x'.repeat(50)}\n`);
    const content = rows.join('');

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'reports/streamed.csv',
        Body: Readable.from(rows),
        ContentLength: Buffer.byteLength(content),
      }),
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'reports/streamed.csv' }));

    // Assess
    expect(await stored.Body?.transformToString()).toBe(content);
    expect(stored.ContentEncoding).toBeUndefined();
  }, 60_000);

  it('serves the object through a fresh URL', async () => {
    // Act
    const response = await fetch(await presign('reports/audit.csv', { expiresIn: 300 }));

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('id,action\n1,login\n');
  }, 60_000);

  it('refuses an expired URL', async () => {
    // Prepare: signed two minutes ago, valid for one.
    const url = await presign('reports/audit.csv', {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });

    // Act
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  }, 60_000);

  it('refuses tampered URLs', async () => {
    // Prepare
    const fresh = new URL(await presign('reports/audit.csv', { expiresIn: 300 }));
    const otherSignature = new URL(fresh);
    const signature = fresh.searchParams.get('X-Amz-Signature') ?? '';
    otherSignature.searchParams.set(
      'X-Amz-Signature',
      `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
    );
    const otherObject = new URL(fresh);
    otherObject.pathname = otherObject.pathname.replace('audit.csv', 'other.csv');
    const expired = new URL(
      await presign('reports/audit.csv', { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }),
    );
    const extended = new URL(expired);
    extended.searchParams.set('X-Amz-Expires', '3600');

    // Act
    const responses = await Promise.all([otherSignature, otherObject, extended].map((url) => fetch(url)));

    // Assess
    for (const response of responses) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
  }, 60_000);
});

describe('aws-ses-v2-local (SES v2)', () => {
  it('keeps a sent e-mail where it can be read back', async () => {
    // Act
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'alerts@opsdeck.test',
        Destination: { ToAddresses: ['oncall@tenant.test'] },
        Content: {
          Simple: {
            Subject: { Data: 'SLA breach: acme' },
            Body: { Text: { Data: '3 exceptions breached their SLA.' } },
          },
        },
      }),
    );
    const store = (await (await fetch(`${emulators.endpoints.ses}/store`)).json()) as {
      emails: {
        messageId: string;
        subject: string;
        destination: { to: string[] };
        body: { text?: string };
      }[];
    };

    // Assess
    const email = store.emails.find((candidate) => candidate.messageId === sent.MessageId);
    expect(email).toMatchObject({
      subject: 'SLA breach: acme',
      destination: { to: ['oncall@tenant.test'] },
      body: { text: '3 exceptions breached their SLA.' },
    });
  }, 60_000);
});

describe('stopping the emulators', () => {
  it('leaves no port accepting connections', async () => {
    // Prepare
    const ports = Object.values(emulators.endpoints).map((endpoint) => Number(new URL(endpoint).port));

    // Act
    await emulators.stop();

    // Assess
    const outcomes = await Promise.all(ports.map(connectionOutcome));
    expect(outcomes).toEqual(ports.map(() => 'refused'));
  }, 60_000);
});

function connectionOutcome(port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', () => resolve('refused'));
  });
}
