/**
 * The one house construct for every Opsdeck Lambda function. It fixes the runtime, architecture,
 * bundling, tracing and logging for all of them, and owns the only way a function reaches a
 * resource: `bindTable` / `bindQueue` / `bindBucket` set the environment variable the function
 * reads (named by the shared declarations) and grant exactly the access level declared, no more.
 */
import * as path from 'node:path';
import { CfnElement, Duration, Names, Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { NetworkPlacement } from '../worker-network';
import {
  bucketEnvName,
  deadLetterQueueEnvName,
  queueEnvName,
  tableEnvName,
  type AccessLevel,
  type BucketName,
  type FunctionDeclaration,
  type QueueDeclaration,
  type QueueName,
  type TableName,
} from '../../shared/resources/declarations';

/** Memory and timeout for functions whose declaration names none. */
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * Environment variables the construct sets on every function; a binding may never overwrite them.
 * NODE_OPTIONS turns the bundled source maps into readable stack traces.
 */
const RESERVED_ENVIRONMENT = ['OPSDECK_STAGE', 'NODE_OPTIONS'] as const;

/**
 * Lambda's Node.js runtime keeps `require` out of ES modules, but some CommonJS dependencies call it
 * for Node built-ins; this banner gives the bundle a `require` bound to its own location.
 */
const ESM_REQUIRE_SHIM =
  "import { createRequire as __opsdeckCreateRequire } from 'node:module'; const require = __opsdeckCreateRequire(import.meta.url);";

export interface OpsdeckFunctionProps {
  /** Deployment stage, e.g. `dev` or `prod`. */
  readonly stage: string;
  /** Physical function name, `opsdeck-<stage>-<logical name>`. */
  readonly functionName: string;
  readonly declaration: FunctionDeclaration;
  /** Repository root: declaration entries are relative to it, and esbuild resolves from it. */
  readonly projectRoot: string;
  /** How long the function's log group keeps events. */
  readonly logRetention: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * The VPC, subnets and security groups to run in (the declaration's `network`, when the stage
   * configures that network). @default not in a VPC
   */
  readonly network?: NetworkPlacement;
}

/**
 * What Lambda needs on the execution role to attach a function to a VPC: the actions of the
 * AWS-managed AWSLambdaVPCAccessExecutionRole policy, minus its log permissions (the role already
 * writes to its own log group). Lambda checks them when it creates or updates the function.
 */
export const VPC_NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

export class OpsdeckFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  private readonly timeoutSeconds: number;

  constructor(scope: Construct, id: string, props: OpsdeckFunctionProps) {
    super(scope, id);
    const { declaration } = props;
    this.timeoutSeconds = declaration.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // An own role instead of the AWS-managed AWSLambdaBasicExecutionRole: that policy lets the
    // function write to every log group in the account, this one only to its own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    this.logGroup.grantWrite(this.role);
    if (props.network) {
      // Added before the function exists, so that the function (which depends on the role and its
      // policy) is only created once Lambda may manage its network interfaces.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: [...VPC_NETWORK_INTERFACE_ACTIONS], resources: ['*'] }),
      );
    }

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: declaration.description,
      entry: path.join(props.projectRoot, declaration.entry),
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: path.join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: declaration.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(this.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      ...(props.network && {
        vpc: props.network.vpc,
        vpcSubnets: props.network.subnets,
        securityGroups: [...props.network.securityGroups],
      }),
      environment: {
        OPSDECK_STAGE: props.stage,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        // Linked (not external) maps: Node finds a map only through the bundle's sourceMappingURL comment.
        sourceMap: true,
        sourceMapMode: nodejs.SourceMapMode.DEFAULT,
        sourcesContent: false,
        // The SDK is bundled so that the version exercised against the local emulators is the
        // version that runs in Lambda, not whatever the managed runtime happens to carry.
        bundleAwsSDK: true,
        // The repository's esbuild bundles on the machine itself: no Docker, no network.
        forceDockerBundling: false,
      },
    });

    // X-Ray accepts trace segments only on Resource "*" (it has no resource-level permissions).
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
    if (props.network) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'A function in a VPC needs Lambda to manage its network interfaces (ec2:CreateNetworkInterface, DescribeNetworkInterfaces, DescribeSubnets, DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses), the actions of the AWS-managed AWSLambdaVPCAccessExecutionRole; DescribeNetworkInterfaces works only on Resource "*", and the managed policy grants them all on "*".',
      });
    }
  }

  /** Tells the function a table's name and grants read (`read`) or read-write (`write`) data access. */
  bindTable(name: TableName, table: dynamodb.ITable, level: AccessLevel): void {
    this.setEnvironment(tableEnvName(name), table.tableName);
    if (level === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    this.acknowledgeIndexWildcard(table);
  }

  /**
   * Tells the function a queue's URL. `send` grants sending only; `consume` subscribes the function
   * to the queue with partial batch failures and the declared batch size.
   */
  bindQueue(
    name: QueueName,
    queue: sqs.IQueue,
    mode: 'send' | 'consume',
    declaration: QueueDeclaration,
  ): void {
    this.setEnvironment(queueEnvName(name), queue.queueUrl);
    if (mode === 'send') {
      queue.grantSendMessages(this.function);
      return;
    }
    if (declaration.visibilityTimeoutSeconds < this.timeoutSeconds) {
      // Lambda refuses such a mapping at deploy time; say so at synth time instead.
      throw new Error(
        `Queue ${name}: visibility timeout ${declaration.visibilityTimeoutSeconds}s is shorter than the consumer's timeout ${this.timeoutSeconds}s`,
      );
    }
    this.function.addEventSource(
      new SqsEventSource(queue, { batchSize: declaration.batchSize, reportBatchItemFailures: true }),
    );
  }

  /**
   * Tells the function a bucket's name and grants object access: `read` may get objects (and so sign
   * download URLs) and list; `write` may also put and delete them. Written out action by action,
   * because the bucket grant helpers hand out wildcards such as `s3:GetObject*`. The buckets use
   * S3-managed encryption, so no KMS grant is needed.
   */
  bindBucket(name: BucketName, bucket: s3.IBucket, level: AccessLevel): void {
    this.setEnvironment(bucketEnvName(name), bucket.bucketName);
    const objectActions =
      level === 'read'
        ? ['s3:GetObject']
        : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReference(bucket.node.defaultChild)}/*]`,
      reason: `Object access is to the objects of the one ${name} bucket (keyed by tenant inside it), not to any other bucket.`,
    });
  }

  /**
   * Grants access to the destinations admins declare at run time (see ResourceAccess.destinations):
   * `inspect` reads SQS queue attributes, `publish` sends SQS messages and puts EventBridge events.
   * Their ARNs are not known at synth time, so the grant covers the stack's account and region;
   * the destination registry is what limits a call to declared destinations of its tenant.
   */
  bindDestinations(level: 'inspect' | 'publish'): void {
    const stack = Stack.of(this);
    const queues = `arn:${stack.partition}:sqs:${stack.region}:${stack.account}:*`;
    if (level === 'inspect') {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [queues] }),
      );
    } else {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queues] }),
      );
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [`arn:${stack.partition}:events:${stack.region}:${stack.account}:event-bus/*`],
        }),
      );
    }
    const reason =
      'Destinations are declared by admins at run time, so their ARNs are unknown at synth time; the grant stays within this account and region, and the destination registry limits every call to a destination declared for its tenant.';
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.accountArnReference('sqs', '*')}]`,
      reason,
    });
    if (level === 'publish') {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${this.accountArnReference('events', 'event-bus/*')}]`,
        reason,
      });
    }
  }

  /** Tells the function the URL of a queue's dead-letter queue and grants sending to it only. */
  bindDeadLetterQueue(name: QueueName, deadLetterQueue: sqs.IQueue): void {
    this.setEnvironment(deadLetterQueueEnvName(name), deadLetterQueue.queueUrl);
    deadLetterQueue.grantSendMessages(this.function);
  }

  /**
   * Grants sending e-mail through SES (`ses:SendEmail`, which SES v2 SendEmail checks on the sending
   * identity). Identities (verified domains and addresses) are set up outside the stack, so the grant
   * covers this account's and region's identities and nothing else.
   */
  bindEmail(level: 'send'): void {
    const stack = Stack.of(this);
    if (level !== 'send') throw new Error(`Unknown e-mail access ${String(level)}`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [`arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/*`],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.accountArnReference('ses', 'identity/*')}]`,
      reason:
        'The sender identity (OPSDECK_ALERT_EMAIL_FROM) is verified in SES outside this stack, so its ARN is unknown at synth time; the grant is SendEmail only, within this account and region.',
    });
  }

  private setEnvironment(key: string, value: string): void {
    if ((RESERVED_ENVIRONMENT as readonly string[]).includes(key)) {
      throw new Error(`Environment variable ${key} is reserved by OpsdeckFunction`);
    }
    this.function.addEnvironment(key, value);
  }

  /** DynamoDB grants cover `<table>/index/*` so that queries on the table's GSIs work. */
  private acknowledgeIndexWildcard(table: dynamodb.ITable): void {
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.arnReference(table.node.defaultChild)}/index/*]`,
      reason:
        'Querying the global secondary indexes of a granted table needs the table/index/* resource; it names no other table.',
    });
  }

  /**
   * How cdk-nag spells an ARN within this stack's account and region: partition, region and account
   * as `<AWS::Partition>`-style placeholders, or literally where the stack's environment fixes them
   * (`cdk synth` sets the region from the CLI's configuration, and a nested stack inherits it).
   */
  private accountArnReference(service: string, resource: string): string {
    const stack = Stack.of(this);
    const spell = (value: string, pseudo: string): string => {
      const resolved: unknown = stack.resolve(value);
      return typeof resolved === 'string' ? resolved : `<${pseudo}>`;
    };
    const partition = spell(stack.partition, 'AWS::Partition');
    const region = spell(stack.region, 'AWS::Region');
    const account = spell(stack.account, 'AWS::AccountId');
    return `arn:${partition}:${service}:${region}:${account}:${resource}`;
  }

  /**
   * How cdk-nag spells a resource's ARN in a finding: `<LogicalId.Arn>` for a resource of this
   * function's stack. A function in a nested stack sees a resource of the parent stack through the
   * parameter CDK creates for the reference, `referenceto<unique id of the resource>Arn`, spelt
   * `<parameter>`.
   */
  private arnReference(resource: unknown): string {
    if (!(resource instanceof CfnElement)) throw new Error('A bound resource must be defined in this app');
    const stack = Stack.of(this);
    const owner = Stack.of(resource);
    if (owner === stack) return `<${stack.resolve(stack.getLogicalId(resource))}.Arn>`;
    if (stack.nestedStackParent !== owner) {
      throw new Error(
        `${this.node.path} binds ${resource.node.path}, which is neither in its stack nor in the parent stack`,
      );
    }
    return `<${`referenceto${Names.nodeUniqueId(resource.node)}Arn`.replace(/[^A-Za-z0-9]/g, '')}>`;
  }
}
