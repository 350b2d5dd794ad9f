import type { TestProject } from 'vitest/node';
import { buildConsole, consoleNeedsBuild } from '../../../infra/local/console-build';
import { provideLocalStack } from '../../integration/support/local-stack-process';

/** Builds the console if its sources changed, then starts a local stack of its own. */
export default async function setup(project: TestProject) {
  if (await consoleNeedsBuild()) await buildConsole();
  return provideLocalStack(project, 'opsdeck-e2e-');
}
