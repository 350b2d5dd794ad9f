import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StackDescription } from '../../../infra/local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackDescription;
    adminKey: string;
  }
}

export const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

export interface StackProcess {
  child: ChildProcess;
  description: StackDescription;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `npm start`'s entry point as a child process, exactly as a user would run it. */
export function spawnLocalStack(
  env: Record<string, string>,
  args: string[] = [],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, OPSDECK_SKIP_CONSOLE_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts the local stack and waits until it has written stack.json and printed its summary. */
export async function startStackProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<StackProcess> {
  const dataDir = env.OPSDECK_DATA_DIR!;
  const { child, output, exited } = spawnLocalStack(env, args);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`local stack exited with ${exitCode}:\n${output()}`);
    if (output().includes('Opsdeck is running')) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`local stack did not start in time:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const description = JSON.parse(
    await readFile(path.join(dataDir, 'stack.json'), 'utf8'),
  ) as StackDescription;
  return {
    child,
    description,
    output,
    async stop(signal = 'SIGTERM') {
      if (exitCode !== undefined) return exitCode;
      child.kill(signal);
      const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timeout);
      return code;
    },
  };
}

/**
 * A tier's global setup: one local stack on free random ports in a temporary data directory, with
 * a known super-admin key and no fleet (tests that need the fleet start their own). Its endpoints
 * and key are provided to the tests as `stack` and `adminKey`; the returned function tears it down.
 */
export async function provideLocalStack(
  project: {
    provide(key: 'stack', value: StackDescription): void;
    provide(key: 'adminKey', value: string): void;
  },
  prefix: string,
): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const adminKey = `odk_${randomBytes(10).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  const stack = await startStackProcess({
    OPSDECK_PORT: '0',
    OPSDECK_DATA_DIR: dataDir,
    OPSDECK_ADMIN_KEY: adminKey,
    OPSDECK_LOG_LEVEL: 'quiet',
    OPSDECK_FLEET: 'off',
  });
  project.provide('stack', stack.description);
  project.provide('adminKey', adminKey);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
