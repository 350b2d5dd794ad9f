/**
 * Entry point of a worker process, started by the fleet parent:
 * `node --import tsx infra/local/fleet/worker-main.ts --instance <id>` with the configuration in
 * the OPSDECK_FLEET_WORKER environment variable and an IPC channel to the parent.
 *
 * The parent is in charge of the lifecycle: the worker stops on SIGTERM or when the IPC channel
 * closes (the parent is gone — no orphans), and ignores SIGINT, which a terminal sends to the
 * whole process group when the user presses Ctrl-C; the parent then stops it in order.
 */
import { z } from 'zod';
import {
  parentMessageSchema,
  WORKER_CONFIG_ENV,
  workerConfigSchema,
  type WorkerMessage,
} from './worker-protocol';
import { startWorker, type RunningWorker } from './worker';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function tell(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function readConfig() {
  const raw = process.env[WORKER_CONFIG_ENV];
  if (!raw)
    throw new Error(
      `${WORKER_CONFIG_ENV} is not set; this process is started by the fleet (infra/local/fleet/fleet.ts)`,
    );
  const parsed = workerConfigSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`${WORKER_CONFIG_ENV} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// Under the fleet (an IPC channel) Ctrl-C is the parent's to handle; run by hand, it stops the worker.
const supervised = process.send !== undefined;
if (supervised) process.on('SIGINT', () => undefined);

let worker: RunningWorker;
try {
  const config = readConfig();
  worker = await startWorker(config, {
    log,
    onMessageFailed: (failure) => void tell({ type: 'message-failed', ...failure }),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  await tell({
    type: 'start-failed',
    message: error instanceof Error ? error.message : String(error),
    ...(code ? { code } : {}),
  });
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let exiting = false;
async function shutdown(): Promise<void> {
  if (exiting) return;
  exiting = true;
  await worker.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
if (!supervised) process.on('SIGINT', () => void shutdown());
process.on('disconnect', () => void shutdown());

process.on('message', (raw: unknown) => {
  const parsed = parentMessageSchema.safeParse(raw);
  if (!parsed.success) {
    log(`ignored a malformed message from the parent: ${z.prettifyError(parsed.error)}`);
    return;
  }
  worker.setFaults(parsed.data.faults);
  void tell({ type: 'faults-applied', seq: parsed.data.seq });
});

await tell({ type: 'listening', port: worker.port });
