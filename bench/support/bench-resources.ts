import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setLocalAwsEnvironment, startEmulators, type EmulatorEndpoints } from '../../infra/local/emulators';
import {
  provisionResources,
  resourceEnvironment,
  type ProvisionedResources,
} from '../../infra/local/provision';

/**
 * Emulators and the declared resources for one benchmark run (in memory, stage `bench`), with the
 * process environment set as a function's would be. Import shared modules only after this.
 */
export async function startBenchResources(
  name: string,
): Promise<{ endpoints: EmulatorEndpoints; provisioned: ProvisionedResources; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `opsdeck-bench-${name}-`));
  const emulators = await startEmulators({ dataDir, persistent: false });
  setLocalAwsEnvironment(emulators.endpoints);
  const provisioned = await provisionResources('bench', emulators.endpoints);
  Object.assign(process.env, resourceEnvironment('bench', provisioned));
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return {
    endpoints: emulators.endpoints,
    provisioned,
    async stop() {
      await emulators.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
