/**
 * The parent's handle on one worker instance: spawns its process, relays its output, passes it
 * faults over IPC and stops it. Faults live here, so they survive a stop and a start, and so does
 * the port (with basePort 0 the first start picks a free one and later starts reuse it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { WorkerType } from '../../../shared/platform/platform-vocabulary';
import { describeFaults, NO_FAULTS, type Faults } from './faults';
import { FleetPortInUseError, LOOPBACK } from './http-json';
import type { MessageFailure } from './worker';
import {
  WORKER_CONFIG_ENV,
  workerMessageSchema,
  type WorkerConfig,
  type WorkerMessage,
} from './worker-protocol';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
const workerMain = path.join(import.meta.dirname, 'worker-main.ts');

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 6_000;
const FAULT_ACK_TIMEOUT_MS = 3_000;

/** An instance as the control API lists it. */
export interface InstanceDescription {
  worker_type: WorkerType;
  instance_id: string;
  base_url: string;
  metrics_url: string;
  port: number;
  pid: number | null;
  alive: boolean;
  faults: Faults;
}

export interface WorkerProcessOptions {
  /** Everything but port and faults, which the handle owns. */
  readonly config: Omit<WorkerConfig, 'port' | 'faults'>;
  readonly port: number;
  readonly log: (line: string) => void;
  readonly onMessageFailed: (failure: MessageFailure) => void;
}

/** Thrown when a worker process does not come up. */
export class WorkerStartError extends Error {
  override name = 'WorkerStartError';
}

export class WorkerProcess {
  readonly workerType: WorkerType;
  readonly instanceId: string;
  private port: number;
  private faults: Faults = { ...NO_FAULTS };
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private stopRequested = false;
  private faultSeq = 0;
  private readonly faultAcks = new Map<number, () => void>();
  /** Lifecycle operations (start, stop, faults) one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkerProcessOptions) {
    this.workerType = options.config.worker_type;
    this.instanceId = options.config.instance_id;
    this.port = options.port;
  }

  get alive(): boolean {
    return this.child !== undefined;
  }

  get baseUrl(): string {
    return `http://${LOOPBACK}:${this.port}`;
  }

  describe(): InstanceDescription {
    return {
      worker_type: this.workerType,
      instance_id: this.instanceId,
      base_url: this.baseUrl,
      metrics_url: `${this.baseUrl}/metrics`,
      port: this.port,
      pid: this.child?.pid ?? null,
      alive: this.alive,
      faults: { ...this.faults },
    };
  }

  /** Starts the process unless it runs; resolves once it listens. */
  start(): Promise<void> {
    return this.serialize(() => this.spawnAndWait());
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period); resolves once it has exited. */
  stop(): Promise<void> {
    return this.serialize(() => this.terminate());
  }

  /** Replaces the faults; a running process has applied them when this resolves. */
  setFaults(faults: Faults): Promise<Faults> {
    return this.serialize(async () => {
      this.faults = { ...faults };
      this.options.log(`${this.instanceId}: faults now ${describeFaults(this.faults)}`);
      await this.sendFaults();
      return { ...this.faults };
    });
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async spawnAndWait(): Promise<void> {
    if (this.child) return;
    const config: WorkerConfig = { ...this.options.config, port: this.port, faults: this.faults };
    const child = spawn(process.execPath, ['--import', 'tsx', workerMain, '--instance', this.instanceId], {
      cwd: repositoryRoot,
      env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.stopRequested = false;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) =>
          this.options.log(`${this.instanceId}: ${line}`),
        );
    }

    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const started = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const timeout = setTimeout(
      () =>
        settle?.reject(
          new WorkerStartError(`${this.instanceId} did not start within ${START_TIMEOUT_MS / 1000} s`),
        ),
      START_TIMEOUT_MS,
    );

    child.on('message', (raw: unknown) => {
      const parsed = workerMessageSchema.safeParse(raw);
      if (parsed.success) this.onWorkerMessage(parsed.data, settle);
    });
    child.on('error', (error) =>
      settle?.reject(new WorkerStartError(`${this.instanceId}: ${error.message}`)),
    );
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        for (const ack of this.faultAcks.values()) ack();
        this.faultAcks.clear();
        settle?.reject(
          new WorkerStartError(`${this.instanceId} exited during start (code ${code}, signal ${signal})`),
        );
        if (!this.stopRequested) {
          this.options.log(
            `${this.instanceId}: exited unexpectedly (code ${code}, signal ${signal}); start it with the control API`,
          );
        }
        resolve();
      });
    });

    try {
      await started;
    } catch (error) {
      await this.terminate();
      throw error;
    } finally {
      clearTimeout(timeout);
      settle = undefined;
    }
  }

  private onWorkerMessage(
    message: WorkerMessage,
    settle: { resolve: () => void; reject: (error: Error) => void } | undefined,
  ): void {
    switch (message.type) {
      case 'listening':
        this.port = message.port;
        settle?.resolve();
        break;
      case 'start-failed':
        settle?.reject(
          message.code === 'EADDRINUSE'
            ? new FleetPortInUseError(this.port, `fleet worker ${this.instanceId}`)
            : new WorkerStartError(`${this.instanceId} could not start: ${message.message}`),
        );
        break;
      case 'faults-applied':
        this.faultAcks.get(message.seq)?.();
        this.faultAcks.delete(message.seq);
        break;
      case 'message-failed':
        this.options.onMessageFailed(message);
        break;
    }
  }

  private async sendFaults(): Promise<void> {
    const child = this.child;
    if (!child?.connected) return;
    const seq = ++this.faultSeq;
    const applied = new Promise<void>((resolve) => {
      this.faultAcks.set(seq, resolve);
      setTimeout(() => {
        if (this.faultAcks.delete(seq)) {
          this.options.log(
            `${this.instanceId}: did not confirm new faults within ${FAULT_ACK_TIMEOUT_MS} ms`,
          );
        }
        resolve();
      }, FAULT_ACK_TIMEOUT_MS).unref();
    });
    child.send({ type: 'faults', seq, faults: this.faults });
    await applied;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopRequested = true;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(killer);
  }
}
