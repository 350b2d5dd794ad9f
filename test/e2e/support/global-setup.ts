import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildConsole, consoleNeedsBuild } from '../../../infra/local/console-build';
import { startStackProcess } from '../../integration/support/local-stack-process';

/**
 * Builds the console if its sources changed, then starts one local stack for the whole tier, with
 * the reference fleet (live traffic, faults on demand) and fast schedules: the health probes and the
 * alert evaluator run every 3 seconds instead of every minute, so a fault shows within seconds.
 */
export default async function setup(project: TestProject) {
  if (await consoleNeedsBuild()) await buildConsole();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-'));
  const adminKey = `odk_${randomBytes(10).toString('hex')}_${randomBytes(32).toString('base64url')}`;
  const stack = await startStackProcess({
    OPSDECK_PORT: '0',
    OPSDECK_DATA_DIR: dataDir,
    OPSDECK_ADMIN_KEY: adminKey,
    OPSDECK_LOG_LEVEL: 'quiet',
    OPSDECK_FLEET_BASE_PORT: '0',
    OPSDECK_FLEET_CONTROL_PORT: '0',
    OPSDECK_LOCAL_SCHEDULES: 'refreshWorkerHealth=rate(3 seconds),evaluateAlerts=rate(3 seconds)',
  });
  project.provide('stack', stack.description);
  project.provide('adminKey', adminKey);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
