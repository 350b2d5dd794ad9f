import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsole, consoleNeedsBuild } from '../../../infra/local/console-build';
import type { StackDescription } from '../../../infra/local/stack';
import { startStackProcess } from '../../integration/support/local-stack-process';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackDescription;
    adminKey: string;
  }
}

/** Builds the console if its sources changed and starts a local stack of its own on free ports. */
export default async function setup(project: TestProject) {
  if (await consoleNeedsBuild()) await buildConsole();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-'));
  const adminKey = `odk_${randomBytes(10).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  const stack = await startStackProcess({
    OPSDECK_PORT: '0',
    OPSDECK_DATA_DIR: dataDir,
    OPSDECK_ADMIN_KEY: adminKey,
    OPSDECK_LOG_LEVEL: 'quiet',
    // Tests that need the reference fleet start their own on free ports.
    OPSDECK_FLEET: 'off',
  });
  project.provide('stack', stack.description);
  project.provide('adminKey', adminKey);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
