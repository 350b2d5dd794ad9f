import { defineConfig } from 'vitest/config';

/** The test tiers, each runnable alone: `vitest run --project unit` (see package.json scripts). */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          env: {
            OPSDECK_TABLE_CONFIG: 'unit-config',
            OPSDECK_TABLE_AUDIT: 'unit-audit',
            POWERTOOLS_LOG_LEVEL: 'SILENT',
          },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One local stack serves every file; files run one at a time to keep a 2-core machine steady.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
