/**
 * The synthesised CloudFormation templates of the Opsdeck stack (the parent stack and one nested
 * stack per function area), checked against the one declaration of resources
 * (`shared/resources/declarations.ts`) and against cdk-nag's AwsSolutions pack.
 *
 * A function, its role, routes and schedule live in its area's nested stack, so per-function checks
 * read the template of the construct's own stack (`Stack.of(construct)`); the parent's tables,
 * queues and API reach a nested stack as parameters (`referenceto<parent><LogicalId><Ref|Arn>`),
 * which `reference` resolves and checks are wired to the parent resource.
 *
 * The main app bundles every handler with esbuild, exactly as `cdk synth` does (each bundle is then
 * cold-started with the environment the stack gives it), and deploys a small stand-in console build
 * so that the BucketDeployment path is covered. The production variant only
 * checks stage-dependent settings, so it skips bundling to keep the tier quick.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, Duration, Names, RemovalPolicy, Stack, type NestedStack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackPropsFromContext } from '../../infra/app-context';
import { OpsdeckFunction, VPC_NETWORK_INTERFACE_ACTIONS } from '../../infra/constructs/opsdeck-function';
import {
  API_BASE_PATH,
  API_THROTTLE,
  OpsdeckStack,
  SPA_REWRITE_FUNCTION_CODE,
} from '../../infra/opsdeck-stack';
import { WORKER_NETWORK_CONTEXT } from '../../infra/worker-network';
import {
  bucketEnvName,
  buckets,
  deadLetterQueueEnvName,
  functionAreas,
  functions,
  physicalName,
  queueEnvName,
  queues,
  tableEnvName,
  tables,
  type FunctionArea,
  type FunctionDeclaration,
  type FunctionName,
  type TableName,
} from '../../shared/resources/declarations';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const STAGE = 'test';

/** The context `cdk synth` runs with (feature flags from cdk.json), so that tests see the same template. */
const cdkContext = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: object })
  .context;

const declaredFunctions = Object.entries(functions) as [FunctionName, FunctionDeclaration][];
const declaredTables = Object.entries(tables) as [TableName, (typeof tables)[TableName]][];

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];

interface Synthesised {
  app: App;
  stack: OpsdeckStack;
  template: Template;
}

/** Every cloud assembly and the stand-in console build live here, and are removed after the tests. */
const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-infra-test-'));

const newApp = (context: Record<string, unknown>): App =>
  new App({ outdir: fs.mkdtempSync(path.join(scratchRoot, 'cdk.out-')), context });

function synthesise(options: { stage: string; consoleDistPath: string; bundle: boolean }): Synthesised {
  const app = newApp({
    ...cdkContext,
    stage: options.stage,
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  });
  const stack = new OpsdeckStack(app, `opsdeck-${options.stage}`, {
    stage: options.stage,
    consoleDistPath: options.consoleDistPath,
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** CloudFormation allows 500 resources per stack; every stack keeps this much headroom below it. */
const RESOURCE_BUDGET = 400;

/** The logical id of a construct's resource, in the construct's own stack. */
const logicalId = (construct: IConstruct): string => {
  const element = (
    CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild
  ) as CfnElement;
  const stack = Stack.of(element);
  return stack.resolve(stack.getLogicalId(element)) as string;
};

/** Templates by stack: synthesised once per stack, nested stacks included. */
const templates = new Map<Stack, Template>();
function templateOf(construct: IConstruct): Template {
  const stack = Stack.of(construct);
  let template = templates.get(stack);
  if (!template) {
    template = Template.fromStack(stack);
    templates.set(stack, template);
  }
  return template;
}

/** The parent stack and every nested function stack of a synthesis. */
const stacksOf = (synthesised: Synthesised): Stack[] => [
  synthesised.stack,
  ...Object.values<NestedStack>(synthesised.stack.functionStacks),
];

/** How many resources of a type the parent and nested templates hold together. */
const countAcross = (synthesised: Synthesised, type: string): number =>
  stacksOf(synthesised).reduce(
    (sum, stack) => sum + Object.keys(templateOf(stack).findResources(type)).length,
    0,
  );

/**
 * The name by which `consumer`'s template refers to `target`'s `Ref` or `Arn`: the target's logical
 * id in the same stack; in a nested stack, the parameter CDK creates for a reference to the parent,
 * `referenceto<unique id of the target's resource><Ref|Arn>`, which is checked to be wired to that
 * very resource by the parent. Undefined when the nested stack does not refer to the target at all.
 */
function findReference(
  consumer: IConstruct,
  target: IConstruct,
  attribute: 'Ref' | 'Arn' | 'GroupId',
): string | undefined {
  const targetId = logicalId(target);
  const consumerStack = Stack.of(consumer);
  if (consumerStack === Stack.of(target)) return targetId;
  const nested = consumerStack as NestedStack;
  expect(Stack.of(target)).toBe(nested.nestedStackParent);
  const uniqueId = Names.nodeUniqueId(
    (CfnElement.isCfnElement(target) ? target : target.node.defaultChild!).node,
  );
  const parameter = `referenceto${uniqueId}${attribute}`.replace(/[^A-Za-z0-9]/g, '');
  if (!(parameter in (templateOf(consumer).toJSON().Parameters ?? {}))) return undefined;
  const passed =
    templateOf(target).toJSON().Resources[logicalId(nested.nestedStackResource!)].Properties.Parameters[
      parameter
    ];
  expect(passed, parameter).toEqual(
    attribute === 'Ref' ? { Ref: targetId } : { 'Fn::GetAtt': [targetId, attribute] },
  );
  return parameter;
}

function referenceName(
  consumer: IConstruct,
  target: IConstruct,
  attribute: 'Ref' | 'Arn' | 'GroupId',
): string {
  const name = findReference(consumer, target, attribute);
  expect(name, `${Stack.of(consumer).node.path} refers to ${target.node.path} (${attribute})`).toBeDefined();
  return name!;
}

/** `{ Ref: … }` to a (possibly parent) resource, as `consumer`'s template spells it. */
const ref = (consumer: IConstruct, target: IConstruct): { Ref: string } => ({
  Ref: referenceName(consumer, target, 'Ref'),
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Every Allow statement of the role of a declared function. */
function roleStatements(synthesised: Synthesised, name: FunctionName): Statement[] {
  const { role } = synthesised.stack.functions[name];
  const policies = templateOf(role).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalId(role) }] },
  });
  return Object.values(policies)
    .flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]) ?? [])
    .filter((statement) => statement.Effect === 'Allow');
}

const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );

/** DynamoDB actions a function's role holds on one table. */
function tableActions(synthesised: Synthesised, name: FunctionName, table: TableName): string[] {
  // A nested stack that never refers to the table cannot grant anything on it.
  const tableId = findReference(
    synthesised.stack.functions[name].role,
    synthesised.stack.tables[table],
    'Arn',
  );
  if (tableId === undefined) return [];
  return actionsOf(
    roleStatements(synthesised, name).filter((statement) =>
      JSON.stringify(statement.Resource).includes(`"${tableId}"`),
    ),
  ).filter((action) => action.startsWith('dynamodb:'));
}

let consoleDist: string;
let main: Synthesised;
let production: Synthesised;

beforeAll(() => {
  // Prepare: a stand-in console build, so the stack deploys it as it would the real one.
  consoleDist = path.join(scratchRoot, 'console-dist');
  fs.mkdirSync(path.join(consoleDist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(consoleDist, 'index.html'), '<!doctype html><title>Opsdeck</title>');
  fs.writeFileSync(path.join(consoleDist, 'assets', 'app-1a2b3c.js'), 'export {};');

  main = synthesise({ stage: STAGE, consoleDistPath: consoleDist, bundle: true });
  production = synthesise({
    stage: 'prod',
    consoleDistPath: path.join(consoleDist, 'missing'),
    bundle: false,
  });
});

afterAll(() => {
  fs.rmSync(scratchRoot, { recursive: true, force: true });
});

describe('stack layout', () => {
  const areas = Object.entries(functionAreas) as [FunctionArea, Record<string, FunctionDeclaration>][];

  it.each([
    ['with a built console', () => main],
    ['in production, without a console build', () => production],
  ])(`keeps the parent and every nested stack at most ${RESOURCE_BUDGET} resources %s`, (_, synthesised) => {
    const { stack } = synthesised();
    const counts = Object.fromEntries(
      stacksOf(synthesised()).map((s) => [
        s.node.path,
        Object.keys(templateOf(s).toJSON().Resources as object).length,
      ]),
    );
    expect(Object.keys(counts)).toHaveLength(1 + areas.length);
    for (const [stackPath, count] of Object.entries(counts)) {
      expect(count, stackPath).toBeLessThanOrEqual(RESOURCE_BUDGET);
    }
    // The parent holds one AWS::CloudFormation::Stack per area.
    templateOf(stack).resourceCountIs('AWS::CloudFormation::Stack', areas.length);
  });

  it.each(areas)('%s functions live in their own nested stack', (area, declarations) => {
    const nested = main.stack.functionStacks[area];
    expect(nested.nestedStackParent).toBe(main.stack);
    expect(nested.node.id).toBe(`${area.charAt(0).toUpperCase()}${area.slice(1)}Functions`);
    for (const name of Object.keys(declarations) as FunctionName[]) {
      const fn = main.stack.functions[name];
      expect(Stack.of(fn.function), name).toBe(nested);
      expect(Stack.of(fn.role), name).toBe(nested);
      expect(Stack.of(fn.logGroup), name).toBe(nested);
    }
    templateOf(nested).resourceCountIs('AWS::Lambda::Function', Object.keys(declarations).length);
  });

  it('declares every function, route, schedule and queue subscription exactly once across the stacks', () => {
    const resources = stacksOf(main).flatMap((stack) =>
      Object.values(
        templateOf(stack).toJSON().Resources as Record<string, { Type: string; Properties: any }>,
      ),
    );
    const functionNames = resources
      .filter((resource) => resource.Type === 'AWS::Lambda::Function')
      .map((resource) => resource.Properties.FunctionName as unknown);
    const routeKeys = resources
      .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
      .map((resource) => resource.Properties.RouteKey as string);
    const schedules = resources
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .map((resource) => resource.Properties.Description as string);
    for (const [name, declaration] of declaredFunctions) {
      expect(
        functionNames.filter((n) => n === physicalName(STAGE, name)),
        name,
      ).toHaveLength(1);
      for (const route of declaration.routes ?? []) {
        const key = `${route.method} ${API_BASE_PATH}${route.path}`;
        expect(
          routeKeys.filter((k) => k === key),
          key,
        ).toHaveLength(1);
      }
      const runs = schedules.filter((d) => d === `Runs ${physicalName(STAGE, name)} ${declaration.schedule}`);
      expect(runs, `${name} schedule`).toHaveLength(declaration.schedule ? 1 : 0);
    }
    // Nothing function-shaped is left in the parent but the console's BucketDeployment handler.
    main.template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    main.template.resourceCountIs('AWS::ApiGatewayV2::Integration', 0);
    main.template.resourceCountIs('AWS::Events::Rule', 0);
    main.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it.each(declaredFunctions.filter(([, declaration]) => declaration.consumes !== undefined))(
    '%s consumes its queue from its nested stack, once',
    (name, declaration) => {
      const fn = main.stack.functions[name].function;
      const queue = main.stack.queues[declaration.consumes!].queue;
      templateOf(fn).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId(fn) },
        EventSourceArn: { Ref: referenceName(fn, queue, 'Arn') },
        BatchSize: queues[declaration.consumes!].batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(
        Object.keys(
          templateOf(fn).findResources('AWS::Lambda::EventSourceMapping', {
            Properties: { FunctionName: { Ref: logicalId(fn) } },
          }),
        ),
      ).toHaveLength(1);
    },
  );
});

describe('tables', () => {
  it.each(declaredTables)(
    '%s has on-demand billing, PITR, TTL, encryption and its GSIs',
    (name, declaration) => {
      main.template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: physicalName(STAGE, name),
        KeySchema: [
          { AttributeName: declaration.partitionKey, KeyType: 'HASH' },
          { AttributeName: declaration.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: declaration.ttlAttribute, Enabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: false,
        GlobalSecondaryIndexes: declaration.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    },
  );

  it('declares no table beyond the declarations, all in the parent stack', () => {
    main.template.resourceCountIs('AWS::DynamoDB::Table', declaredTables.length);
    expect(countAcross(main, 'AWS::DynamoDB::Table')).toBe(declaredTables.length);
  });

  it('protects and retains tables in a production stage only', () => {
    for (const [name] of declaredTables) {
      production.template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({
          TableName: physicalName('prod', name),
          DeletionProtectionEnabled: true,
        }),
        DeletionPolicy: 'Retain',
      });
      main.template.hasResource('AWS::DynamoDB::Table', {
        Properties: Match.objectLike({ TableName: physicalName(STAGE, name) }),
        DeletionPolicy: 'Delete',
      });
    }
  });
});

describe('queues', () => {
  it.each(Object.entries(queues))(
    '%s has an encrypted DLQ, a redrive policy and a DLQ alarm',
    (name, declaration) => {
      const queueName = physicalName(STAGE, name);
      const deadLetterQueues = main.template.findResources('AWS::SQS::Queue', {
        Properties: { QueueName: `${queueName}-dlq`, SqsManagedSseEnabled: true },
      });
      const [deadLetterId] = Object.keys(deadLetterQueues);
      expect(deadLetterId).toBeDefined();

      main.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: queueName,
        SqsManagedSseEnabled: true,
        VisibilityTimeout: declaration.visibilityTimeoutSeconds,
        MessageRetentionPeriod: declaration.retentionDays * 86_400,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterId, 'Arn'] },
          maxReceiveCount: declaration.maxReceiveCount,
        },
      });
      main.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterId, 'QueueName'] } }],
        Threshold: declaration.dlqAlarmThreshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // enforceSSL: both queues deny any request not made over TLS.
      for (const id of [deadLetterId, logicalId(main.stack.queues[name as keyof typeof queues].queue)]) {
        main.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    },
  );
});

describe('buckets', () => {
  it.each(Object.entries(buckets))(
    '%s is encrypted, private, TLS-only, logged and expires objects',
    (name, declaration) => {
      const bucketId = logicalId(main.stack.buckets[name as keyof typeof buckets]);
      const bucket = main.template.toJSON().Resources[bucketId];
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { LogFilePrefix: `${name}/` },
        LifecycleConfiguration: {
          Rules: [
            expect.objectContaining({ ExpirationInDays: declaration.expireAfterDays, Status: 'Enabled' }),
          ],
        },
      });
      main.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    },
  );
});

describe('functions', () => {
  it('creates one nodejs24.x arm64 function with active tracing per declaration', () => {
    // Functions by stack path and logical id, over the parent and every nested stack.
    const all = Object.fromEntries(
      stacksOf(main).flatMap((stack) =>
        Object.entries(templateOf(stack).findResources('AWS::Lambda::Function')).map(
          ([id, resource]) => [`${stack.node.path}:${id}`, resource] as const,
        ),
      ),
    );
    const ours = declaredFunctions.map(([name]) => {
      const fn = main.stack.functions[name].function;
      return `${Stack.of(fn).node.path}:${logicalId(fn)}`;
    });
    // The only other function is CDK's BucketDeployment handler (in the parent), which copies the console build.
    expect(Object.keys(all).filter((id) => !ours.includes(id))).toEqual([
      expect.stringMatching(new RegExp(`^${main.stack.node.path}:CustomCDKBucketDeployment`)),
    ]);
    for (const lambda of ours.map((id) => all[id]!)) {
      expect(lambda.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it.each(declaredFunctions)(
    '%s learns its stage and the names of its tables and queues',
    (name, declaration) => {
      const fn = main.stack.functions[name].function;
      const expected: Record<string, unknown> = { OPSDECK_STAGE: STAGE };
      for (const table of Object.keys(declaration.access.tables ?? {}) as TableName[]) {
        expected[tableEnvName(table)] = ref(fn, main.stack.tables[table]);
      }
      for (const queue of Object.keys(declaration.access.queues ?? {}) as (keyof typeof queues)[]) {
        expected[queueEnvName(queue)] = ref(fn, main.stack.queues[queue].queue);
      }
      for (const queue of Object.keys(declaration.access.deadLetterQueues ?? {}) as (keyof typeof queues)[]) {
        expected[deadLetterQueueEnvName(queue)] = ref(fn, main.stack.queues[queue].deadLetterQueue);
      }
      templateOf(fn).hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: physicalName(STAGE, name),
        Handler: 'index.handler',
        Environment: { Variables: expected },
      });
    },
  );

  it('gives every function a log group with a retention of its own', () => {
    for (const [name] of declaredFunctions) {
      templateOf(main.stack.functions[name].logGroup).hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/${physicalName(STAGE, name)}`,
        RetentionInDays: Match.anyValue(),
      });
    }
  });
});

describe('bundles', () => {
  it.each(declaredFunctions)(
    '%s loads its ES module bundle with exactly the environment the stack gives it',
    (name) => {
      // Prepare: the bundle CDK staged, and the function's variables (references become placeholders).
      const fn = main.stack.functions[name].function;
      const resource = templateOf(fn).toJSON().Resources[logicalId(fn)] as {
        Properties: { Code: { S3Key: string }; Environment: { Variables: Record<string, unknown> } };
      };
      const bundle = path.join(
        main.app.outdir,
        `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`,
        'index.mjs',
      );
      const environment: Record<string, string> = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' };
      for (const [key, value] of Object.entries(resource.Properties.Environment.Variables)) {
        environment[key] = typeof value === 'string' ? value : `resolved-${key.toLowerCase()}`;
      }

      // Act: a cold start, as Lambda's Node.js 24 runtime does it, in a process of its own.
      const coldStart = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);`,
        ],
        { env: environment, encoding: 'utf8', timeout: 30_000 },
      );

      // Assess: module-scope code found every variable it reads, and the handler is exported.
      const error = /(\w*Error)\]?: (.+)/.exec(coldStart.stderr);
      const failure = error ? `${error[1]}: ${error[2]}` : coldStart.stderr.trim();
      expect(coldStart.stdout.trim(), failure).toBe('function');
    },
  );
});

describe('least privilege', () => {
  it.each(declaredFunctions)('%s holds exactly the declared table access', (name, declaration) => {
    for (const [table] of declaredTables) {
      const level = (declaration.access.tables as Partial<Record<TableName, string>> | undefined)?.[table];
      const actions = tableActions(main, name, table);
      if (level === undefined) expect(actions, `${name} on ${table}`).toEqual([]);
      if (level !== undefined)
        expect(actions, `${name} on ${table}`).toEqual(expect.arrayContaining(READ_ACTIONS));
      if (level === 'read') expect(actions.filter((action) => WRITE_ACTIONS.includes(action))).toEqual([]);
      if (level === 'write') expect(actions).toEqual(expect.arrayContaining(WRITE_ACTIONS));
    }
  });

  it('keeps getHealth away from DynamoDB and getMe read-only, while createTenant writes', () => {
    expect(
      actionsOf(roleStatements(main, 'getHealth')).filter((action) => action.startsWith('dynamodb:')),
    ).toEqual([]);
    const getMe = actionsOf(roleStatements(main, 'getMe'));
    expect(getMe).toContain('dynamodb:GetItem');
    expect(getMe.filter((action) => WRITE_ACTIONS.includes(action))).toEqual([]);
    expect(tableActions(main, 'createTenant', 'config')).toEqual(expect.arrayContaining(WRITE_ACTIONS));
  });

  it('lets only DLQ retries publish to declared destinations, and only the lag reader inspect queues', () => {
    const retry = actionsOf(roleStatements(main, 'retryDlqEntry'));
    expect(retry).toEqual(expect.arrayContaining(['sqs:SendMessage', 'events:PutEvents']));
    expect(actionsOf(roleStatements(main, 'consumeDlqRetryQueue'))).toContain('events:PutEvents');
    expect(actionsOf(roleStatements(main, 'getWorkerLag'))).toContain('sqs:GetQueueAttributes');
    expect(actionsOf(roleStatements(main, 'getWorkerLag'))).not.toContain('sqs:SendMessage');
    for (const name of ['getMe', 'listDlqEntries', 'discardDlqEntry'] as const) {
      expect(actionsOf(roleStatements(main, name)).filter((action) => action.startsWith('events:'))).toEqual(
        [],
      );
      expect(actionsOf(roleStatements(main, name))).not.toContain('sqs:SendMessage');
    }
  });

  it('lets only the alert e-mail senders send e-mail, and only the notification consumer reach its DLQ', () => {
    const sesActions = (name: FunctionName) =>
      actionsOf(roleStatements(main, name)).filter((action) => action.startsWith('ses:'));
    for (const name of ['verifyAlertChannel', 'consumeNotificationsQueue'] as const) {
      expect(sesActions(name), name).toEqual(['ses:SendEmail']);
      const statement = roleStatements(main, name).find((s) => actionsOf([s]).includes('ses:SendEmail'))!;
      expect(JSON.stringify(statement.Resource)).toContain(':identity/*');
    }
    for (const name of ['listAlertChannels', 'createAlertChannel', 'retryDlqEntry'] as const) {
      expect(sesActions(name), name).toEqual([]);
    }
    const reachesDeadLetterQueue = (name: FunctionName) => {
      const deadLetterQueueId = findReference(
        main.stack.functions[name].role,
        main.stack.queues.notifications.deadLetterQueue,
        'Arn',
      );
      return (
        deadLetterQueueId !== undefined &&
        roleStatements(main, name).some(
          (statement) =>
            actionsOf([statement]).includes('sqs:SendMessage') &&
            JSON.stringify(statement.Resource).includes(`"${deadLetterQueueId}"`),
        )
      );
    };
    expect(reachesDeadLetterQueue('consumeNotificationsQueue')).toBe(true);
    expect(reachesDeadLetterQueue('createAlertChannel')).toBe(false);
  });

  it('attaches no AWS-managed policy to any Opsdeck function role', () => {
    for (const [name] of declaredFunctions) {
      const { role } = main.stack.functions[name];
      expect(
        templateOf(role).toJSON().Resources[logicalId(role)].Properties.ManagedPolicyArns,
      ).toBeUndefined();
    }
  });
});

describe('OpsdeckFunction bindings (queues and buckets no function declares yet)', () => {
  let stack: Stack;
  let template: Template;
  let queue: sqs.Queue;
  let table: dynamodb.Table;
  let bucket: s3.Bucket;
  let sender: OpsdeckFunction;
  let consumer: OpsdeckFunction;
  let reader: OpsdeckFunction;
  let writer: OpsdeckFunction;

  const makeFunction = (id: string, timeoutSeconds = 10, scope: Stack = stack): OpsdeckFunction =>
    new OpsdeckFunction(scope, id, {
      stage: STAGE,
      functionName: id,
      declaration: { ...functions.getHealth, timeoutSeconds },
      projectRoot: ROOT,
      logRetention: logs.RetentionDays.ONE_WEEK,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    });

  const actions = (fn: OpsdeckFunction): string[] =>
    Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(fn.role) }] },
      }),
    )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

  beforeAll(() => {
    // Prepare: a scratch stack with one resource of each kind and a function per access level.
    const app = newApp({ ...cdkContext, 'aws:cdk:bundling-stacks': [] });
    stack = new Stack(app, 'bindings');
    table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    queue = new sqs.Queue(stack, 'Queue', { visibilityTimeout: Duration.seconds(60) });
    bucket = new s3.Bucket(stack, 'Bucket');
    sender = makeFunction('Sender');
    sender.bindQueue('ingest', queue, 'send', queues.ingest);
    sender.bindTable('config', table, 'read');
    consumer = makeFunction('Consumer');
    consumer.bindQueue('ingest', queue, 'consume', queues.ingest);
    reader = makeFunction('Reader');
    reader.bindBucket('reports', bucket, 'read');
    writer = makeFunction('Writer');
    writer.bindBucket('reports', bucket, 'write');
    template = Template.fromStack(stack);
  });

  it('a queue consumer reports partial batch failures with the declared batch size', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(consumer.function) },
      BatchSize: queues.ingest.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(actions(consumer)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });

  it('a queue sender may send, and only send', () => {
    expect(actions(sender)).toContain('sqs:SendMessage');
    expect(actions(sender)).not.toContain('sqs:ReceiveMessage');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Sender',
      Environment: {
        Variables: Match.objectLike({
          [queueEnvName('ingest')]: { Ref: logicalId(queue) },
          [tableEnvName('config')]: { Ref: logicalId(table) },
        }),
      },
    });
  });

  it('a bucket reader gets objects, a bucket writer also puts and deletes them', () => {
    expect(actions(reader)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket']));
    expect(actions(reader)).not.toContain('s3:PutObject');
    expect(actions(writer)).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']),
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Reader',
      Environment: {
        Variables: Match.objectLike({ [bucketEnvName('reports')]: { Ref: logicalId(bucket) } }),
      },
    });
  });

  it('grants no wildcard the functions do not acknowledge', () => {
    const functionPaths = [sender, consumer, reader, writer].map((fn) => `${fn.node.path}/`);
    const findings = new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.filter((violation) =>
        violation.violatingResources.some((resource) =>
          functionPaths.some((prefix) => resource.constructPath?.startsWith(prefix)),
        ),
      )
      .map((violation) => violation.ruleName);
    expect(findings).toEqual([]);
  });

  it('refuses a consumer that outlives the queue visibility timeout', () => {
    const scratch = new Stack(newApp({ 'aws:cdk:bundling-stacks': [] }), 'slow');
    const slow = makeFunction('Slow', queues.ingest.visibilityTimeoutSeconds + 1, scratch);
    const slowQueue = new sqs.Queue(scratch, 'Queue', { visibilityTimeout: Duration.seconds(60) });
    expect(() => slow.bindQueue('ingest', slowQueue, 'consume', queues.ingest)).toThrow(/visibility timeout/);
  });
});

describe('HTTP API', () => {
  const declaredRoutes = declaredFunctions.flatMap(([name, declaration]) =>
    (declaration.routes ?? []).map((route) => ({
      name,
      routeKey: `${route.method} ${API_BASE_PATH}${route.path}`,
    })),
  );

  it.each(declaredRoutes)(
    '$routeKey reaches $name through a payload 2.0 Lambda integration',
    ({ name, routeKey }) => {
      const fn = main.stack.functions[name].function;
      const functionId = logicalId(fn);
      const template = templateOf(fn);
      const apiId = ref(fn, main.stack.httpApi);
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration', {
        Properties: {
          ApiId: apiId,
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
        },
      });
      const [integrationId] = Object.keys(integrations);
      expect(integrationId, `integration of ${name}`).toBeDefined();
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: apiId,
        RouteKey: routeKey,
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      });
    },
  );

  it('has no route beyond the declarations, all under /api', () => {
    const routes = stacksOf(main).flatMap((stack) =>
      Object.values(templateOf(stack).findResources('AWS::ApiGatewayV2::Route')),
    );
    expect(routes).toHaveLength(declaredRoutes.length);
    for (const route of routes) expect(route.Properties.RouteKey).toMatch(/^[A-Z]+ \/api\//);
  });

  it('logs access and throttles on the default stage', () => {
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
    });
  });
});

describe('schedules', () => {
  const scheduled = declaredFunctions.filter(([, declaration]) => declaration.schedule !== undefined);

  it.each(scheduled)('%s runs on its declared rate', (name, declaration) => {
    const fn = main.stack.functions[name].function;
    templateOf(fn).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: declaration.schedule,
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] } })],
    });
  });

  it('declares no schedule beyond the declarations', () => {
    expect(countAcross(main, 'AWS::Events::Rule')).toBe(scheduled.length);
  });
});

describe('console distribution', () => {
  const distributionConfig = () =>
    Object.values(main.template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties
      .DistributionConfig;

  it('routes /api/* to the HTTP API, uncached, with every viewer header but Host', () => {
    const config = distributionConfig();
    const apiBehaviour = config.CacheBehaviors.find(
      (behaviour: { PathPattern: string }) => behaviour.PathPattern === `${API_BASE_PATH}/*`,
    );
    expect(apiBehaviour).toMatchObject({
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId:
        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      AllowedMethods: expect.arrayContaining(['POST', 'PATCH', 'DELETE']),
      ViewerProtocolPolicy: 'https-only',
    });
    const apiOrigin = config.Origins.find(
      (origin: { Id: string }) => origin.Id === apiBehaviour.TargetOriginId,
    );
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(main.stack.httpApi));
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
  });

  it('serves the private console bucket through origin access control, with index.html as root', () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    const s3Origin = config.Origins.find(
      (origin: { Id: string }) => origin.Id === config.DefaultCacheBehavior.TargetOriginId,
    );
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    main.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('rewrites client-side routes on the console behaviour only, so API errors stay real', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      expect.objectContaining({ EventType: 'viewer-request' }),
    ]);
    expect(config.CustomErrorResponses).toBeUndefined();
    const apiBehaviour = config.CacheBehaviors.find(
      (behaviour: { PathPattern: string }) => behaviour.PathPattern === `${API_BASE_PATH}/*`,
    );
    expect(apiBehaviour.FunctionAssociations).toBeUndefined();
  });

  it.each([
    ['/', '/index.html'],
    ['/ops/dlq', '/index.html'],
    ['/admin/tenants/t-1/', '/index.html'],
    ['/assets/app-1a2b3c.js', '/assets/app-1a2b3c.js'],
    ['/favicon.ico', '/favicon.ico'],
  ])('the SPA rewrite sends %s to %s', (uri, expected) => {
    // The CloudFront Function source is plain ES5: evaluate it as CloudFront would call it.
    const handler = new Function(`${SPA_REWRITE_FUNCTION_CODE}; return handler;`)() as (event: unknown) => {
      uri: string;
    };
    expect(handler({ request: { uri, method: 'GET' } }).uri).toBe(expected);
  });

  it('adds security headers to every response', () => {
    main.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
          ReferrerPolicy: Match.objectLike({ Override: true }),
        },
      },
    });
  });

  it('deploys a built console, and warns instead when there is none', () => {
    main.template.resourceCountIs('Custom::CDKBucketDeployment', 2);
    production.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    Annotations.fromStack(production.stack).hasWarning('*', Match.stringLikeRegexp('No built console'));
  });
});

describe('outputs', () => {
  it('exposes the console URL, the API URL and every table name', () => {
    const outputs = main.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ConsoleUrl', 'ApiUrl', 'HttpApiEndpoint']));
    for (const [name] of declaredTables) {
      expect(outputs[`${name.charAt(0).toUpperCase()}${name.slice(1)}TableName`]).toEqual({
        Value: { Ref: logicalId(main.stack.tables[name]) },
      });
    }
  });
});

describe("the workers' network (context opsdeck:workerNetwork)", () => {
  const NETWORK = {
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    routeTableIds: ['rtb-0aaaaaaaaaaaaaaa1', 'rtb-0bbbbbbbbbbbbbbb2'],
    vpcCidr: '10.20.0.0/16',
    workerPorts: ['9001-9007', 9100],
    securityGroupIds: ['sg-0123456789abcdef0'],
    createDynamoDbEndpoint: true,
  };
  const MINIMAL = {
    vpcId: 'vpc-0fedcba9876543210',
    subnetIds: ['subnet-0ccccccccccccccc3'],
    availabilityZones: ['eu-west-1c'],
    vpcCidr: '10.30.0.0/16',
  };
  const networkFunctions = declaredFunctions
    .filter(([, declaration]) => declaration.network === 'workers')
    .map(([name]) => name);

  /** Synthesises as `cdk synth` does: the app reads the stage and the network from its context. */
  const synthesiseFromContext = (context: Record<string, unknown>): Synthesised => {
    const app = newApp({ ...cdkContext, 'aws:cdk:bundling-stacks': [], ...context });
    const props = stackPropsFromContext(app.node);
    const stack = new OpsdeckStack(app, `opsdeck-${props.stage}`, {
      ...props,
      consoleDistPath: path.join(consoleDist, 'missing'),
    });
    return { app, stack, template: Template.fromStack(stack) };
  };

  let networked: Synthesised;
  let minimal: Synthesised;

  beforeAll(() => {
    // `-c opsdeck:workerNetwork='{…}'` reaches the app as JSON text.
    networked = synthesiseFromContext({ stage: 'net', [WORKER_NETWORK_CONTEXT]: JSON.stringify(NETWORK) });
    // cdk.json holds objects; the stage's own key wins over the key for every stage.
    minimal = synthesiseFromContext({
      stage: 'net-min',
      [`${WORKER_NETWORK_CONTEXT}:net-min`]: MINIMAL,
      [WORKER_NETWORK_CONTEXT]: NETWORK,
    });
  });

  const lambdaOf = (synthesised: Synthesised, name: FunctionName) => {
    const fn = synthesised.stack.functions[name].function;
    return templateOf(fn).toJSON().Resources[logicalId(fn)] as {
      Properties: { VpcConfig?: { SubnetIds: unknown; SecurityGroupIds: unknown } };
      DependsOn?: string[];
    };
  };
  const securityGroupOf = (synthesised: Synthesised) => {
    const { securityGroup } = synthesised.stack.workerNetwork!;
    return templateOf(securityGroup).toJSON().Resources[logicalId(securityGroup)] as {
      Properties: Record<string, unknown>;
    };
  };

  it('is declared by getWorkerHealth and refreshWorkerHealth only (getWorkerLag reads SQS only)', () => {
    expect(networkFunctions.sort()).toEqual(['getWorkerHealth', 'refreshWorkerHealth']);
  });

  it.each([
    ['with a built console', () => main],
    ['in production, without a console build', () => production],
  ])('without the context, puts no function in a VPC and creates no EC2 resource %s', (_, synthesised) => {
    expect(synthesised().stack.workerNetwork).toBeUndefined();
    for (const [name] of declaredFunctions) {
      expect(lambdaOf(synthesised(), name).Properties.VpcConfig, name).toBeUndefined();
      expect(
        actionsOf(roleStatements(synthesised(), name)).filter((a) => a.startsWith('ec2:')),
        name,
      ).toEqual([]);
    }
    for (const type of ['AWS::EC2::SecurityGroup', 'AWS::EC2::VPCEndpoint']) {
      expect(countAcross(synthesised(), type), type).toBe(0);
    }
  });

  it('puts exactly the declared functions in the given subnets, with the created and the named security groups', () => {
    for (const [name] of declaredFunctions) {
      const { VpcConfig } = lambdaOf(networked, name).Properties;
      if (!networkFunctions.includes(name)) {
        expect(VpcConfig, name).toBeUndefined();
        continue;
      }
      const fn = networked.stack.functions[name].function;
      expect(VpcConfig, name).toEqual({
        SubnetIds: NETWORK.subnetIds,
        SecurityGroupIds: [
          { Ref: referenceName(fn, networked.stack.workerNetwork!.securityGroup, 'GroupId') },
          'sg-0123456789abcdef0',
        ],
      });
    }
    // The minimal configuration attaches only the created group.
    for (const name of networkFunctions) {
      const fn = minimal.stack.functions[name].function;
      expect(lambdaOf(minimal, name).Properties.VpcConfig).toEqual({
        SubnetIds: MINIMAL.subnetIds,
        SecurityGroupIds: [{ Ref: referenceName(fn, minimal.stack.workerNetwork!.securityGroup, 'GroupId') }],
      });
    }
  });

  it('lets the created security group out only to the workers and to DynamoDB over HTTPS, and nothing in', () => {
    const probes = 'Health probes to the workers (/healthz, /readyz, /metrics) in';
    const dynamoDb = {
      CidrIp: '0.0.0.0/0',
      Description: 'DynamoDB over HTTPS (gateway endpoint or NAT)',
      FromPort: 443,
      IpProtocol: 'tcp',
      ToPort: 443,
    };
    // The workers' security groups let it in: its id is an output.
    networked.template.hasOutput('WorkerNetworkSecurityGroupId', {
      Value: { 'Fn::GetAtt': [logicalId(networked.stack.workerNetwork!.securityGroup), 'GroupId'] },
    });
    expect(Object.keys(main.template.findOutputs('WorkerNetworkSecurityGroupId'))).toEqual([]);
    const configured = securityGroupOf(networked).Properties;
    expect(configured.VpcId).toBe(NETWORK.vpcId);
    expect(configured.SecurityGroupIngress).toBeUndefined();
    expect(configured.SecurityGroupEgress).toEqual([
      {
        CidrIp: '10.20.0.0/16',
        Description: `${probes} 10.20.0.0/16`,
        FromPort: 9001,
        IpProtocol: 'tcp',
        ToPort: 9007,
      },
      {
        CidrIp: '10.20.0.0/16',
        Description: `${probes} 10.20.0.0/16`,
        FromPort: 9100,
        IpProtocol: 'tcp',
        ToPort: 9100,
      },
      dynamoDb,
    ]);
    // Without workerPorts: every TCP port, within the VPC CIDR only.
    const defaults = securityGroupOf(minimal).Properties;
    expect(defaults.VpcId).toBe(MINIMAL.vpcId);
    expect(defaults.SecurityGroupIngress).toBeUndefined();
    expect(defaults.SecurityGroupEgress).toEqual([
      {
        CidrIp: '10.30.0.0/16',
        Description: `${probes} 10.30.0.0/16`,
        FromPort: 0,
        IpProtocol: 'tcp',
        ToPort: 65535,
      },
      dynamoDb,
    ]);
  });

  it('lets the networked roles manage network interfaces before their functions are created, and no other role', () => {
    for (const [name] of declaredFunctions) {
      const ec2Actions = actionsOf(roleStatements(networked, name)).filter((a) => a.startsWith('ec2:'));
      if (!networkFunctions.includes(name)) {
        expect(ec2Actions, name).toEqual([]);
        continue;
      }
      expect(ec2Actions.sort(), name).toEqual([...VPC_NETWORK_INTERFACE_ACTIONS].sort());
      const { role } = networked.stack.functions[name];
      // Inline on the function's own role, not the AWS-managed AWSLambdaVPCAccessExecutionRole.
      expect(
        templateOf(role).toJSON().Resources[logicalId(role)].Properties.ManagedPolicyArns,
      ).toBeUndefined();
      // Lambda checks the permissions when it creates the function, so the policy must exist first.
      expect(lambdaOf(networked, name).DependsOn).toContain(logicalId(role.node.findChild('DefaultPolicy')));
    }
  });

  it("creates a DynamoDB gateway endpoint on the subnets' route tables only when asked", () => {
    networked.template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    networked.template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: NETWORK.vpcId,
      RouteTableIds: NETWORK.routeTableIds,
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
    });
    expect(countAcross(minimal, 'AWS::EC2::VPCEndpoint')).toBe(0);
  });

  it(`keeps the parent and every nested stack at most ${RESOURCE_BUDGET} resources`, () => {
    for (const stack of stacksOf(networked)) {
      expect(
        Object.keys(templateOf(stack).toJSON().Resources as object).length,
        stack.node.path,
      ).toBeLessThanOrEqual(RESOURCE_BUDGET);
    }
  });

  it.each([
    ['the full configuration', () => networked],
    ['the minimal configuration', () => minimal],
  ])('reports no unacknowledged cdk-nag finding with %s', (_, synthesised) => {
    const { app, stack } = synthesised();
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    // Subnets imported without route tables (only the endpoint needs them) raise no warning either.
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('routeTableId'))).toEqual([]);
  });

  const { vpcId, subnetIds, availabilityZones } = NETWORK;
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a VPC without subnets',
      { [WORKER_NETWORK_CONTEXT]: { vpcId } },
      /^Context opsdeck:workerNetwork: subnetIds is missing/,
    ],
    [
      'subnets without availability zones',
      { [WORKER_NETWORK_CONTEXT]: { vpcId, subnetIds, vpcCidr: '10.0.0.0/16' } },
      /^Context opsdeck:workerNetwork: availabilityZones is missing/,
    ],
    [
      'fewer zones than subnets',
      {
        [WORKER_NETWORK_CONTEXT]: {
          vpcId,
          subnetIds,
          availabilityZones: ['eu-west-1a'],
          vpcCidr: '10.0.0.0/16',
        },
      },
      /^Context opsdeck:workerNetwork: availabilityZones has 1 entries but subnetIds has 2/,
    ],
    [
      'fewer route tables than subnets',
      { [WORKER_NETWORK_CONTEXT]: { ...NETWORK, routeTableIds: ['rtb-0aaaaaaaaaaaaaaa1'] } },
      /^Context opsdeck:workerNetwork: routeTableIds has 1 entries but subnetIds has 2/,
    ],
    [
      'an endpoint without route tables',
      { [WORKER_NETWORK_CONTEXT]: { ...NETWORK, routeTableIds: undefined } },
      /^Context opsdeck:workerNetwork: createDynamoDbEndpoint needs routeTableIds/,
    ],
    [
      'no way to the workers',
      { [WORKER_NETWORK_CONTEXT]: { vpcId, subnetIds, availabilityZones } },
      /^Context opsdeck:workerNetwork: nothing lets the functions reach the workers/,
    ],
    [
      'a misspelt field',
      { [WORKER_NETWORK_CONTEXT]: { ...MINIMAL, subnets: subnetIds } },
      /^Context opsdeck:workerNetwork: unknown field\(s\) subnets/,
    ],
    [
      'a VPC name instead of its id',
      { [WORKER_NETWORK_CONTEXT]: { ...MINIMAL, vpcId: 'workers' } },
      /vpcId must be vpc-<hex id>/,
    ],
    [
      'a CIDR with host bits',
      { [WORKER_NETWORK_CONTEXT]: { ...MINIMAL, vpcCidr: '10.30.0.1/16' } },
      /vpcCidr 10\.30\.0\.1\/16 has host bits set/,
    ],
    [
      'a reversed port range',
      { [WORKER_NETWORK_CONTEXT]: { ...MINIMAL, workerPorts: ['9007-9001'] } },
      /workerPorts\[0\] must be a port/,
    ],
    [
      'text that is not JSON',
      { [WORKER_NETWORK_CONTEXT]: '{vpcId: vpc-1}' },
      /^Context opsdeck:workerNetwork: is not valid JSON/,
    ],
    [
      "the stage's own key",
      { stage: 'net', [`${WORKER_NETWORK_CONTEXT}:net`]: { vpcId } },
      /^Context opsdeck:workerNetwork:net: subnetIds is missing/,
    ],
  ])('refuses %s with a message naming the context key', (_, context, message) => {
    const app = newApp({ ...cdkContext, 'aws:cdk:bundling-stacks': [], ...context });
    expect(() => stackPropsFromContext(app.node)).toThrow(message);
  });

  it('stops `cdk synth` (the app itself) on a bad configuration, naming the key', () => {
    // The CDK CLI hands context to the app in CDK_CONTEXT_JSON; the app fails before any stack exists.
    const run = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'infra', 'app.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          CDK_OUTDIR: fs.mkdtempSync(path.join(scratchRoot, 'cdk.out-')),
          CDK_CONTEXT_JSON: JSON.stringify({
            ...cdkContext,
            [WORKER_NETWORK_CONTEXT]: JSON.stringify({ vpcId }),
          }),
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Context opsdeck:workerNetwork: subnetIds is missing');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['with a built console', () => main],
    ['in production, without a console build', () => production],
  ])('reports no unacknowledged finding %s', (_, synthesised) => {
    const { app, stack } = synthesised();
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map(
      (violation) =>
        `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
    // Messages of the nested stacks' constructs are recorded in the parent's artifact.
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});
