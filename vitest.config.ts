import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The long stories: each runs hubs as processes for minutes (faults under load, a hub put into
 * service from empty storage on both engines, many sealing rounds, key rotation across restarts,
 * witnesses from the command line, retention across months). `pnpm test` leaves them out to stay
 * within a quarter of an hour on two cores; `pnpm test:long` runs them (vitest.long.config.ts), and
 * CI runs both.
 */
export const LONG_SUITES = [
  'test/faults/**/*.test.ts',
  'test/api/into-service.int.test.ts',
  'test/api/demo-witnesses.int.test.ts',
  'test/api/key-lifecycle-process.int.test.ts',
  'test/db/access-log-seal-cycles.int.test.ts',
  'test/db/access-log-retention.int.test.ts',
];

export const ALL_SUITES = ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'];

export const testOptions = {
  globalSetup: ['test/support/global-setup.ts'],
  // Two cores: two files at a time, each on its own database.
  pool: 'forks' as const,
  maxWorkers: 2,
  fileParallelism: true,
  testTimeout: 30_000,
  hookTimeout: 120_000,
  reporters: ['default'],
};

export default defineConfig({
  test: { ...testOptions, include: ALL_SUITES, exclude: [...configDefaults.exclude, '**/dist/**', ...LONG_SUITES] },
});
