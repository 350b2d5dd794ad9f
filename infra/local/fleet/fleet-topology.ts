/**
 * The shape of the reference fleet: which worker types exist, in which order a message passes
 * them, which queue each reads, which port each instance listens on. Pure data and arithmetic,
 * shared by the parent process and the workers.
 */
import { WORKER_TYPES, type WorkerType } from '../../../shared/platform/platform-vocabulary';

export const DEFAULT_BASE_PORT = 9001;
export const DEFAULT_CONTROL_PORT = 9000;
export const DEFAULT_QUEUE_PREFIX = 'opsdeck-fleet';
/** About one exception per tenant every two seconds. */
export const DEFAULT_EXCEPTIONS_PER_SECOND_PER_TENANT = 0.5;

/** Stage queue settings: short visibility so that failures are retried (and dead-lettered) within seconds. */
export const STAGE_QUEUE_SETTINGS = {
  visibilityTimeoutSeconds: 5,
  maxReceiveCount: 3,
  retentionDays: 1,
  /** A dead letter Opsdeck did not take (down, refusing) is offered again after this long. */
  dlqVisibilityTimeoutSeconds: 10,
} as const;

export type Criticality = 'high' | 'medium';

export interface StageProfile {
  /** The processing event type a worker of this stage reports (and stamps on what it sends on). */
  readonly eventType: string;
  /** Median and spread of the simulated processing time (log-normal). */
  readonly latencyMedianMs: number;
  readonly latencySigma: number;
  readonly criticality: Criticality;
}

/** What each stage does, as the real platform's workers would describe it. */
export const STAGE_PROFILES: Readonly<Record<WorkerType, StageProfile>> = {
  intake: { eventType: 'ExceptionReceived', latencyMedianMs: 30, latencySigma: 0.45, criticality: 'high' },
  triage: { eventType: 'ExceptionTriaged', latencyMedianMs: 60, latencySigma: 0.5, criticality: 'medium' },
  policy: { eventType: 'PolicyEvaluated', latencyMedianMs: 45, latencySigma: 0.45, criticality: 'high' },
  playbook: { eventType: 'PlaybookSelected', latencyMedianMs: 50, latencySigma: 0.5, criticality: 'medium' },
  tool: { eventType: 'ToolExecuted', latencyMedianMs: 110, latencySigma: 0.55, criticality: 'medium' },
  feedback: { eventType: 'FeedbackRecorded', latencyMedianMs: 35, latencySigma: 0.45, criticality: 'medium' },
  sla_monitor: { eventType: 'SLAChecked', latencyMedianMs: 25, latencySigma: 0.4, criticality: 'high' },
};

/** The event type on messages the generator puts on the intake queue. */
export const GENERATED_EVENT_TYPE = 'ExceptionCreated';

/** The stage after `stage`, or undefined for the last one. */
export function nextStage(stage: WorkerType): WorkerType | undefined {
  return WORKER_TYPES[WORKER_TYPES.indexOf(stage) + 1];
}

/** The event type carried by messages on `stage`'s input queue (what the previous stage did). */
export function inboundEventType(stage: WorkerType): string {
  const index = WORKER_TYPES.indexOf(stage);
  const previous = index > 0 ? WORKER_TYPES[index - 1] : undefined;
  return previous ? STAGE_PROFILES[previous].eventType : GENERATED_EVENT_TYPE;
}

export function stageQueueName(prefix: string, stage: WorkerType): string {
  return `${prefix}-${stage}`;
}

export function destinationId(stage: WorkerType): string {
  return `fleet-${stage}`;
}

/** Instance `index` (1-based) of a type: `intake-1`, `intake-2`, … */
export function instanceId(stage: WorkerType, index: number): string {
  return `${stage}-${index}`;
}

/**
 * The port of instance `index` (1-based) of `stage`: basePort + k for the first instance of the
 * k-th type (0-based), basePort + 100·(index − 1) + k for further ones. 0 means "any free port".
 */
export function workerPort(basePort: number, stage: WorkerType, index: number): number {
  if (basePort === 0) return 0;
  return basePort + 100 * (index - 1) + WORKER_TYPES.indexOf(stage);
}

export interface PlannedInstance {
  readonly workerType: WorkerType;
  readonly instanceId: string;
  readonly port: number;
}

/** Every instance the fleet runs, in pipeline order, first instances first. */
export function planInstances(basePort: number, instancesPerType: number): PlannedInstance[] {
  const planned: PlannedInstance[] = [];
  for (let index = 1; index <= instancesPerType; index += 1) {
    for (const workerType of WORKER_TYPES) {
      planned.push({
        workerType,
        instanceId: instanceId(workerType, index),
        port: workerPort(basePort, workerType, index),
      });
    }
  }
  return planned;
}
