/**
 * The one declaration of Opsdeck's AWS resources. The CDK app (infra/) and the local stack
 * (infra/local/) both build from this file, so names, keys, indexes, TTL attributes, queue
 * settings, schedules, routes and grants can never drift apart.
 *
 * Physical names are `opsdeck-<stage>-<logical name>`; functions learn them from environment
 * variables named by `tableEnvName` / `queueEnvName` / `bucketEnvName`.
 */
import { foundationFunctions } from './areas/foundation';
import { ingestFunctions } from './areas/ingest';
import { configFunctions } from './areas/config-resources';
import { registryFunctions } from './areas/registry';
import { dlqFunctions } from './areas/dlq';
import { opsWorkersFunctions } from './areas/ops-workers';
import { opsSlaFunctions } from './areas/ops-sla';
import { alertChannelFunctions } from './areas/alert-channels';
import { alertRuleFunctions } from './areas/alert-rules';
import { alertHistoryFunctions } from './areas/alert-history';

export type AccessLevel = 'read' | 'write';

export interface IndexDeclaration {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDeclaration {
  readonly description: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
  readonly ttlAttribute: string;
  readonly indexes: readonly IndexDeclaration[];
}

export interface QueueDeclaration {
  readonly description: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly fifo: boolean;
  /** Largest batch the consumer function receives at once. */
  readonly batchSize: number;
  /** Depth of the dead-letter queue at which its CloudWatch alarm fires. */
  readonly dlqAlarmThreshold: number;
}

export interface BucketDeclaration {
  readonly description: string;
  /** Objects are deleted this many days after creation. */
  readonly expireAfterDays: number;
}

export interface ResourceAccess {
  readonly tables?: Partial<Record<TableName, AccessLevel>>;
  readonly queues?: Partial<Record<QueueName, 'send' | 'consume'>>;
  readonly buckets?: Partial<Record<BucketName, AccessLevel>>;
  /**
   * The platform's own queues and buses that admins declare at run time (the destination
   * registry): `inspect` reads SQS queue depth, `publish` sends to SQS queues and puts events on
   * EventBridge buses. IAM grants them within the stack's account and region; the registry decides
   * which of them a call may use.
   */
  readonly destinations?: 'inspect' | 'publish';
  /**
   * Dead-letter queues the function sends to itself (`send`): a consumer that decides a message
   * is finished failing records why and moves it there at once, instead of failing it
   * maxReceiveCount more times.
   */
  readonly deadLetterQueues?: Partial<Record<QueueName, 'send'>>;
  /** `send`: send e-mail through SES (alert notifications), from the account's verified identities. */
  readonly email?: 'send';
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FunctionDeclaration {
  readonly description: string;
  /** Path of the entry file from the repository root; it exports `handler`. */
  readonly entry: string;
  readonly access: ResourceAccess;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** HTTP routes this function serves, paths relative to the `/api` base path. */
  readonly routes?: readonly { readonly method: HttpMethod; readonly path: string }[];
  /** An EventBridge schedule, as a rate expression. */
  readonly schedule?: string;
  /** The queue this function consumes. */
  readonly consumes?: QueueName;
  /**
   * A private network the function must run in. `workers`: the network of the platform's worker
   * instances, which the function reaches over HTTP (the health probes). In AWS the CDK app places
   * such a function in the VPC the stage's `opsdeck:workerNetwork` context names (docs/deploy.md);
   * without that context, and in the local stack (everything on loopback), it changes nothing.
   */
  readonly network?: FunctionNetwork;
}

/** The private networks a function can declare that it needs (FunctionDeclaration.network). */
export type FunctionNetwork = 'workers';

export const tables = {
  config: {
    description: 'Tenants, API keys and platform configuration (worker registry, destinations, alert rules).',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  telemetry: {
    description: 'Per-minute, hourly and daily processing aggregates and the health snapshot.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  sla: {
    description: 'Exceptions, their events, daily SLA aggregates and the open-by-deadline index.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      // The SLA sweeper's queue: open exceptions by the time their next SLA event is due.
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    ],
  },
  dlq: {
    description: 'Dead-lettered events, their retry history and batch retry progress.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      // Cross-tenant DLQ listing: one partition per failure day (DLQDAY#<day>), newest first.
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    ],
  },
  alerts: {
    description: 'Alert state per fingerprint, alert history and delivery attempts.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  usage: {
    description: 'Usage meters and rate-limit counters.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
  audit: {
    description: 'The append-only, per-tenant hash-chained audit trail.',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expires_at',
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
} as const satisfies Record<string, TableDeclaration>;

export type TableName = keyof typeof tables;

export const queues = {
  ingest: {
    description: 'High-volume ingest batches from the platform (same code path as the ingest API).',
    // Six times the consumer's timeout, as AWS advises for Lambda event sources.
    visibilityTimeoutSeconds: 180,
    retentionDays: 4,
    maxReceiveCount: 5,
    fifo: false,
    batchSize: 10,
    dlqAlarmThreshold: 1,
  },
  dlqRetry: {
    description: 'Batch DLQ retries: chunks of up to 100 entries, republished by the retry consumer.',
    visibilityTimeoutSeconds: 180,
    retentionDays: 4,
    maxReceiveCount: 5,
    fifo: false,
    batchSize: 10,
    dlqAlarmThreshold: 1,
  },
  notifications: {
    description:
      'Alert notifications: one message per (alert event, channel); the sender delivers, retries with backoff, records attempts.',
    visibilityTimeoutSeconds: 60,
    retentionDays: 4,
    maxReceiveCount: 5,
    fifo: false,
    batchSize: 10,
    dlqAlarmThreshold: 1,
  },
} as const satisfies Record<string, QueueDeclaration>;

export type QueueName = keyof typeof queues;

export const buckets = {
  reports: {
    description: 'Generated audit reports and usage exports, downloaded through presigned URLs.',
    expireAfterDays: 30,
  },
} as const satisfies Record<string, BucketDeclaration>;

export type BucketName = keyof typeof buckets;

/**
 * The functions of each area, one module per area (so areas can grow without touching each other).
 * Each area module declares its functions with `satisfies Record<string, FunctionDeclaration>`. The
 * CDK app deploys each area as a nested stack of its own (CloudFormation allows 500 resources per
 * stack), so a function's area decides which stack holds it.
 */
export const functionAreas = {
  foundation: foundationFunctions,
  ingest: ingestFunctions,
  config: configFunctions,
  registry: registryFunctions,
  dlq: dlqFunctions,
  opsWorkers: opsWorkersFunctions,
  opsSla: opsSlaFunctions,
  alertChannels: alertChannelFunctions,
  alertRules: alertRuleFunctions,
  alertHistory: alertHistoryFunctions,
} as const satisfies Record<string, Record<string, FunctionDeclaration>>;

export type FunctionArea = keyof typeof functionAreas;

/** One object type holding every member of a union of objects (the areas' function records). */
type MergedAreas<T> = (T extends unknown ? (area: T) => void : never) extends (area: infer All) => void
  ? All
  : never;

/** Every function, assembled from the areas (adding an area to `functionAreas` is enough). */
export const functions = Object.assign({}, ...Object.values(functionAreas)) as MergedAreas<
  (typeof functionAreas)[keyof typeof functionAreas]
>;

export type FunctionName = keyof typeof functions;

/** The physical name of a resource for a stage, e.g. `opsdeck-local-config`. */
export function physicalName(stage: string, logicalName: string): string {
  return `opsdeck-${stage}-${logicalName}`;
}

const envSuffix = (logicalName: string): string =>
  logicalName.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Environment variable that carries a table's physical name to a function. */
export const tableEnvName = (name: TableName): string => `OPSDECK_TABLE_${envSuffix(name)}`;
/** Environment variable that carries a queue's URL to a function. */
export const queueEnvName = (name: QueueName): string => `OPSDECK_QUEUE_${envSuffix(name)}_URL`;
/** Environment variable that carries the URL of a queue's dead-letter queue to a function. */
export const deadLetterQueueEnvName = (name: QueueName): string => `OPSDECK_QUEUE_${envSuffix(name)}_DLQ_URL`;
/** Environment variable that carries a bucket's name to a function. */
export const bucketEnvName = (name: BucketName): string => `OPSDECK_BUCKET_${envSuffix(name)}`;

/** Parses `rate(5 minutes)` into milliseconds; the only schedule form Opsdeck declares. */
export function rateToMilliseconds(expression: string): number {
  const match = /^rate\((\d+) (second|seconds|minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`Unsupported schedule expression: ${expression}`);
  const amount = Number(match[1]);
  const unit = match[2]!.replace(/s$/, '');
  const unitMs = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[unit]!;
  return amount * unitMs;
}
