/**
 * Opsdeck's AWS stack, generated entirely from `shared/resources/declarations.ts`: every declared
 * table, queue, bucket and function (with its routes, schedule, queue and grants) appears here
 * without a line of CDK being written for it. Beside them: the HTTP API under `/api`, the console
 * bucket, and one CloudFront distribution serving both from a single origin.
 *
 * CloudFormation allows 500 resources per stack, and every function brings about seven (function,
 * role, policy, log group, integration, routes, permissions). So the parent stack holds the shared
 * resources (tables, queues, buckets, the HTTP API and its stage, the console and CloudFront), and
 * each function area of the declarations is a nested stack (`<Area>Functions`) holding that area's
 * functions with their routes, integrations, schedules and queue subscriptions. CDK passes the
 * parent's table, queue, bucket and API references into the nested stacks as parameters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Annotations,
  CfnOutput,
  Duration,
  Fn,
  NestedStack,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import type { Construct } from 'constructs';
import { OpsdeckFunction } from './constructs/opsdeck-function';
import { WorkerNetwork, type WorkerNetworkConfig } from './worker-network';
import {
  buckets,
  functionAreas,
  physicalName,
  queues,
  tables,
  type AccessLevel,
  type BucketDeclaration,
  type BucketName,
  type FunctionArea,
  type FunctionDeclaration,
  type FunctionName,
  type QueueDeclaration,
  type QueueName,
  type TableDeclaration,
  type TableName,
} from '../shared/resources/declarations';

/** The repository root, where declaration entry paths and `frontend/dist` are resolved. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** The base path of every API route, on API Gateway and behind CloudFront alike. */
export const API_BASE_PATH = '/api';

/** Account-wide API Gateway throttling for the stage; per-tenant limits live in the handlers' middleware. */
export const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

/** Why no API Gateway authorizer guards the routes (cdk-nag AwsSolutions-APIG4). */
const API_AUTHORIZATION_REASON =
  'Callers authenticate with API keys (Authorization: Bearer) checked by the Lambda-side auth middleware, which also resolves tenant and role; /api/health and /api/openapi.json are public by design.';

/** How long a dead-lettered message is kept: the SQS maximum, to leave operators time to inspect it. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * Viewer-request function of the console behaviour: a path whose last segment has no file
 * extension is a client-side route (`/ops/dlq`) and is answered with the SPA's `index.html`.
 * Files (`/assets/app-1a2b.js`) pass through, so a missing asset is a real 403/404, and `/api/*`
 * never sees this function at all.
 */
export const SPA_REWRITE_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/**
 * Content Security Policy of the console: everything from the one origin; inline style attributes
 * are allowed because charting and component libraries set them, inline scripts are not.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface OpsdeckStackProps extends StackProps {
  /** Deployment stage (`dev`, `prod`, …): part of every physical name. */
  readonly stage: string;
  /** Where the built console is read from. @default `<repository>/frontend/dist` */
  readonly consoleDistPath?: string;
  /** ARN of a WAF web ACL (scope CLOUDFRONT, in us-east-1) to attach to the distribution. @default none */
  readonly webAclArn?: string;
  /**
   * The workers' VPC (context `opsdeck:workerNetwork`, see `readWorkerNetworkContext`): functions
   * declaring `network: 'workers'` run in it. @default no function runs in a VPC
   */
  readonly workerNetwork?: WorkerNetworkConfig;
}

/** Stages named `prod` or `prod-…` keep their data: deletion protection, retained tables, longer logs. */
export function isProductionStage(stage: string): boolean {
  return stage === 'prod' || stage.startsWith('prod-');
}

const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

const entriesOf = <K extends string, V>(record: Partial<Record<K, V>>): [K, V][] =>
  Object.entries(record).filter(([, value]) => value !== undefined) as [K, V][];

export class OpsdeckStack extends Stack {
  readonly stage: string;
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly queues: Record<
    QueueName,
    { queue: sqs.Queue; deadLetterQueue: sqs.Queue; alarm: cloudwatch.Alarm }
  >;
  readonly buckets: Record<BucketName, s3.Bucket>;
  readonly functions: Record<FunctionName, OpsdeckFunction>;
  /** One nested stack per function area, holding the area's functions, routes and schedules. */
  readonly functionStacks: Record<FunctionArea, NestedStack>;
  readonly httpApi: apigwv2.HttpApi;
  readonly distribution: cloudfront.Distribution;
  /** The workers' network, when the stage configures one. */
  readonly workerNetwork?: WorkerNetwork;
  private readonly production: boolean;
  private readonly logRetention: logs.RetentionDays;
  private readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: OpsdeckStackProps) {
    super(scope, id, props);
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(props.stage)) {
      // The stage is part of table, queue and function names, which allow little else.
      throw new Error(
        `Stage "${props.stage}" must be 1-20 lowercase letters, digits or hyphens, starting with a letter`,
      );
    }
    this.stage = props.stage;
    this.production = isProductionStage(props.stage);
    this.logRetention = this.production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH;

    this.accessLogsBucket = this.createAccessLogsBucket();
    this.tables = this.createTables();
    this.queues = this.createQueues();
    this.buckets = this.createBuckets();
    if (props.workerNetwork) {
      this.workerNetwork = new WorkerNetwork(this, 'WorkerNetwork', {
        stage: this.stage,
        config: props.workerNetwork,
      });
    }
    // The API comes first: each area's nested stack adds its own routes to it.
    this.httpApi = this.createHttpApi();
    this.functionStacks = {} as Record<FunctionArea, NestedStack>;
    this.functions = {} as Record<FunctionName, OpsdeckFunction>;
    for (const [area, declarations] of entriesOf<FunctionArea, Record<string, FunctionDeclaration>>(
      functionAreas,
    )) {
      const scope = new NestedStack(this, `${pascalCase(area)}Functions`, {
        description: `Opsdeck ${area} functions (${this.stage}): functions, API routes, schedules and queue subscriptions`,
      });
      this.functionStacks[area] = scope;
      for (const [name, declaration] of Object.entries(declarations) as [
        FunctionName,
        FunctionDeclaration,
      ][]) {
        const fn = this.createFunction(scope, name, declaration);
        this.functions[name] = fn;
        this.createRoutes(scope, name, declaration, fn);
        this.createSchedule(scope, name, declaration, fn);
      }
    }
    this.distribution = this.createConsole(props);
    this.createOutputs();
  }

  private get dataRemovalPolicy(): RemovalPolicy {
    return this.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  /** Receives S3 server access logs of the other buckets and CloudFront's standard logs. */
  private createAccessLogsBucket(): s3.Bucket {
    return new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes through an ACL grant, which BUCKET_OWNER_ENFORCED forbids.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(this.production ? 365 : 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createTables(): Record<TableName, dynamodb.Table> {
    const created = {} as Record<TableName, dynamodb.Table>;
    for (const [name, declaration] of entriesOf<TableName, TableDeclaration>(tables)) {
      const table = new dynamodb.Table(this, `${pascalCase(name)}Table`, {
        tableName: physicalName(this.stage, name),
        partitionKey: { name: declaration.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: declaration.sortKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: declaration.ttlAttribute,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        deletionProtection: this.production,
        removalPolicy: this.dataRemovalPolicy,
      });
      for (const index of declaration.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      created[name] = table;
    }
    return created;
  }

  private createQueues(): OpsdeckStack['queues'] {
    const created = {} as OpsdeckStack['queues'];
    for (const [name, declaration] of entriesOf<QueueName, QueueDeclaration>(queues)) {
      const id = pascalCase(name);
      // FIFO queue names must end in `.fifo`, and a FIFO queue's dead-letter queue must be FIFO too.
      const suffix = declaration.fifo ? '.fifo' : '';
      const fifo = declaration.fifo ? true : undefined;
      const baseName = physicalName(this.stage, name);
      const deadLetterQueue = new sqs.Queue(this, `${id}DeadLetterQueue`, {
        queueName: `${baseName}-dlq${suffix}`,
        fifo,
        retentionPeriod: DEAD_LETTER_RETENTION,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, `${id}Queue`, {
        queueName: `${baseName}${suffix}`,
        fifo,
        visibilityTimeout: Duration.seconds(declaration.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(declaration.retentionDays),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: declaration.maxReceiveCount },
      });
      const alarm = new cloudwatch.Alarm(this, `${id}DeadLetterAlarm`, {
        alarmName: `${baseName}-dlq-not-empty`,
        alarmDescription: `Messages of ${baseName} failed ${declaration.maxReceiveCount} times and reached its dead-letter queue.`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: declaration.dlqAlarmThreshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created[name] = { queue, deadLetterQueue, alarm };
    }
    return created;
  }

  private createBuckets(): Record<BucketName, s3.Bucket> {
    const created = {} as Record<BucketName, s3.Bucket>;
    for (const [name, declaration] of entriesOf<BucketName, BucketDeclaration>(buckets)) {
      // Names are left to CloudFormation: S3 names are global, and functions read them from env vars.
      created[name] = new s3.Bucket(this, `${pascalCase(name)}Bucket`, {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules: [
          {
            id: `expire-${name}`,
            expiration: Duration.days(declaration.expireAfterDays),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    return created;
  }

  /** A declared function in its area's nested stack, bound to the parent's tables, queues and buckets. */
  private createFunction(
    scope: Construct,
    name: FunctionName,
    declaration: FunctionDeclaration,
  ): OpsdeckFunction {
    const fn = new OpsdeckFunction(scope, `${pascalCase(name)}Function`, {
      stage: this.stage,
      functionName: physicalName(this.stage, name),
      declaration,
      projectRoot: PROJECT_ROOT,
      logRetention: this.logRetention,
      logRemovalPolicy: this.dataRemovalPolicy,
      // Without a configured network the declaration's `network` changes nothing (docs/deploy.md).
      network: declaration.network === 'workers' ? this.workerNetwork?.placement : undefined,
    });
    for (const [table, level] of entriesOf<TableName, AccessLevel>(declaration.access.tables ?? {})) {
      fn.bindTable(table, this.tables[table], level);
    }
    const queueAccess = entriesOf<QueueName, 'send' | 'consume'>(declaration.access.queues ?? {});
    for (const [queue, mode] of queueAccess) {
      fn.bindQueue(queue, this.queues[queue].queue, mode, queues[queue]);
    }
    // `consumes` says the same as a `consume` access level; a function may also send to the queue it consumes.
    const { consumes } = declaration;
    if (consumes && !queueAccess.some(([queue, mode]) => queue === consumes && mode === 'consume')) {
      fn.bindQueue(consumes, this.queues[consumes].queue, 'consume', queues[consumes]);
    }
    for (const [bucket, level] of entriesOf<BucketName, AccessLevel>(declaration.access.buckets ?? {})) {
      fn.bindBucket(bucket, this.buckets[bucket], level);
    }
    if (declaration.access.destinations) fn.bindDestinations(declaration.access.destinations);
    for (const [queue] of entriesOf<QueueName, 'send'>(declaration.access.deadLetterQueues ?? {})) {
      fn.bindDeadLetterQueue(queue, this.queues[queue].deadLetterQueue);
    }
    if (declaration.access.email) fn.bindEmail(declaration.access.email);
    return fn;
  }

  private createHttpApi(): apigwv2.HttpApi {
    const api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: physicalName(this.stage, 'api'),
      description: `Opsdeck API (${this.stage}); every route lives under ${API_BASE_PATH}`,
      createDefaultStage: false,
    });
    const accessLogGroup = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      logGroupName: `/aws/apigateway/${physicalName(this.stage, 'api')}/access`,
      retention: this.logRetention,
      removalPolicy: this.dataRemovalPolicy,
    });
    new apigwv2.HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            errorMessage: '$context.error.message',
          }),
        ),
      },
    });

    return api;
  }

  /**
   * The function's API routes, in its area's nested stack: one payload 2.0 Lambda integration per
   * function, created with the first route (in that route's scope), and an invoke permission per route.
   */
  private createRoutes(
    scope: Construct,
    name: FunctionName,
    declaration: FunctionDeclaration,
    fn: OpsdeckFunction,
  ): void {
    if (!declaration.routes?.length) return;
    const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of declaration.routes) {
      const routePath = `${API_BASE_PATH}${route.path}`;
      const httpRoute = new apigwv2.HttpRoute(scope, `${route.method}${routePath}`, {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(routePath, apigwv2.HttpMethod[route.method]),
        integration,
      });
      Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: API_AUTHORIZATION_REASON });
    }
  }

  /** The function's EventBridge schedule, if it declares one, in its area's nested stack. */
  private createSchedule(
    scope: Construct,
    name: FunctionName,
    declaration: FunctionDeclaration,
    fn: OpsdeckFunction,
  ): void {
    if (!declaration.schedule) return;
    new events.Rule(scope, `${pascalCase(name)}Schedule`, {
      description: `Runs ${physicalName(this.stage, name)} ${declaration.schedule}`,
      schedule: events.Schedule.expression(declaration.schedule),
      targets: [
        new targets.LambdaFunction(fn.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
  }

  private createConsole(props: OpsdeckStackProps): cloudfront.Distribution {
    const consoleBucket = new s3.Bucket(this, 'ConsoleBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const spaRewrite = new cloudfront.Function(this, 'SpaRewriteFunction', {
      functionName: physicalName(this.stage, 'spa-rewrite'),
      comment: 'Serves index.html for client-side console routes',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION_CODE),
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeadersPolicy', {
      responseHeadersPolicyName: physicalName(this.stage, 'security-headers'),
      comment: 'Security headers of the Opsdeck console and API',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });

    // The HTTP API's $default stage serves at the root of its endpoint, so `/api/...` passes through unchanged.
    const apiDomain = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
    const distribution = new cloudfront.Distribution(this, 'ConsoleDistribution', {
      comment: `Opsdeck console and API (${this.stage})`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(consoleBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
        compress: true,
      },
      additionalBehaviors: {
        [`${API_BASE_PATH}/*`]: {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Authorization, Idempotency-Key, query strings and the body reach the API; Host must not,
          // or API Gateway would not recognise its own domain.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          compress: true,
        },
      },
    });

    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Operators and tenant administrators work from anywhere; access is controlled by API keys, not by country.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution is served on its *.cloudfront.net name with the default CloudFront certificate, whose TLS policy cannot be changed; a custom domain with an ACM certificate (TLSv1.2_2021) is a per-deployment choice.',
      },
    );
    if (!props.webAclArn) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL is given for this stage (context webAclArn); API Gateway throttling and per-tenant rate limiting in the API middleware bound the request rate.',
      });
    }

    this.deployConsole(
      props.consoleDistPath ?? path.join(PROJECT_ROOT, 'frontend', 'dist'),
      consoleBucket,
      distribution,
    );
    return distribution;
  }

  /**
   * Uploads the built console, if it has been built. Hashed assets are cached for a year;
   * index.html is revalidated on every load so that a deployment reaches users at once.
   */
  private deployConsole(distPath: string, bucket: s3.Bucket, distribution: cloudfront.Distribution): void {
    if (!fs.existsSync(path.join(distPath, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'opsdeck:console-not-built',
        `No built console at ${distPath}: the console bucket is deployed empty. Build the console (frontend/dist) and deploy again to publish it.`,
      );
      return;
    }
    const assets = new s3deploy.BucketDeployment(this, 'ConsoleAssetsDeployment', {
      sources: [s3deploy.Source.asset(distPath)],
      destinationBucket: bucket,
      exclude: ['index.html'],
      // Open sessions may still lazy-load chunks of the previous build, so old assets stay.
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
      memoryLimit: 512,
    });
    const index = new s3deploy.BucketDeployment(this, 'ConsoleIndexDeployment', {
      sources: [s3deploy.Source.asset(distPath)],
      destinationBucket: bucket,
      exclude: ['*'],
      include: ['index.html'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    // A new index.html must never point at assets that are not uploaded yet.
    index.node.addDependency(assets);
    this.acknowledgeBucketDeploymentHandler(bucket);
  }

  /**
   * BucketDeployment runs a singleton Lambda whose runtime, role and policy CDK owns; each finding
   * on it is acknowledged by name, so that anything new a CDK upgrade brings still surfaces.
   */
  private acknowledgeBucketDeploymentHandler(consoleBucket: s3.Bucket): void {
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    const policy = handler?.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy')
      ?.node.defaultChild;
    if (!handler || !(policy instanceof iam.CfnPolicy)) {
      throw new Error('BucketDeployment no longer creates the handler and policy this stack acknowledges');
    }
    const owner =
      "CDK's BucketDeployment singleton Lambda, which copies the built console into the console bucket during deployments only";
    const consoleBucketArn = `<${this.resolve(this.getLogicalId(consoleBucket.node.defaultChild as s3.CfnBucket))}.Arn>`;
    const acknowledgements: [string, string][] = [
      ['AwsSolutions-L1', 'CDK pins the runtime of its Python handler.'],
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'CDK attaches the AWS-managed basic execution policy so that the handler can write its logs.',
      ],
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action): [string, string] => [
        `AwsSolutions-IAM5[Action::${action}]`,
        'CDK grants read on the bootstrap asset bucket that holds the zipped console build.',
      ]),
      ...['s3:DeleteObject*', 's3:Abort*'].map((action): [string, string] => [
        `AwsSolutions-IAM5[Action::${action}]`,
        'CDK grants write on the console bucket, the deployment destination.',
      ]),
      [
        `AwsSolutions-IAM5[Resource::${consoleBucketArn}/*]`,
        'The deployment writes every object of the console bucket.',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'cloudfront:CreateInvalidation and GetInvalidation, which CDK grants on "*", invalidate index.html after an upload.',
      ],
    ];
    // The bootstrap asset bucket's ARN reads differently with and without a known account and region
    // (and with another bootstrap qualifier), so its finding is taken from the rule itself.
    const findings = rules.iam.IAMNoWildcardPermissions(policy);
    for (const finding of Array.isArray(findings) ? findings : []) {
      if (/^Resource::arn:(?:<AWS::Partition>|[a-z-]+):s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/.test(finding)) {
        acknowledgements.push([
          `AwsSolutions-IAM5[${finding}]`,
          'The console build is read from the CDK bootstrap asset bucket, whose objects are keyed by content hash.',
        ]);
      }
    }
    for (const [id, reason] of acknowledgements) {
      Validations.of(handler).acknowledge({ id, reason: `${owner}: ${reason}` });
    }
  }

  private createOutputs(): void {
    const consoleUrl = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'ConsoleUrl', { value: consoleUrl, description: 'The Opsdeck console' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${consoleUrl}${API_BASE_PATH}`,
      description: 'The API, through CloudFront',
    });
    new CfnOutput(this, 'HttpApiEndpoint', {
      value: this.httpApi.apiEndpoint,
      description: 'The API Gateway endpoint itself (routes under /api)',
    });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    if (this.workerNetwork) {
      new CfnOutput(this, 'WorkerNetworkSecurityGroupId', {
        value: this.workerNetwork.securityGroup.securityGroupId,
        description:
          "Security group of the functions in the workers' network: allow it in on the workers' ports",
      });
    }
    for (const [name, table] of entriesOf<TableName, dynamodb.Table>(this.tables)) {
      new CfnOutput(this, `${pascalCase(name)}TableName`, { value: table.tableName });
    }
    for (const [name, { queue }] of entriesOf(this.queues)) {
      new CfnOutput(this, `${pascalCase(name)}QueueUrl`, { value: queue.queueUrl });
    }
    for (const [name, bucket] of entriesOf<BucketName, s3.Bucket>(this.buckets)) {
      new CfnOutput(this, `${pascalCase(name)}BucketName`, { value: bucket.bucketName });
    }
  }
}
