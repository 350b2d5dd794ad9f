import type { TestProject } from 'vitest/node';
import { provideLocalStack } from './local-stack-process';

/** One local stack for the integration tier. */
export default function setup(project: TestProject) {
  return provideLocalStack(project, 'opsdeck-it-');
}
