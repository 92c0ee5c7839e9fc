// @ts-check
import { createRequire } from 'node:module';

// Named by path: with pnpm's strict layout, Stryker cannot find its plugins by scanning.
const require = createRequire(import.meta.url);

/**
 * Mutation testing of the policy and of the consent and referral checks (`pnpm test:mutation`):
 * StrykerJS changes the code one small way at a time and runs the unit tests that decide these
 * rules; a change no test notices (a surviving mutant) is a rule no test holds. The report goes
 * to test-artifacts/mutation/.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: [require.resolve('@stryker-mutator/vitest-runner')],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'packages/policy/src/**/*.ts',
    '!packages/policy/src/**/*.test.ts',
    'packages/core/src/consents/consent-state.ts',
    'packages/core/src/referrals/referral-checks.ts',
  ],
  // The workspace's packages link each other through node_modules: mutate in place, no sandbox copy.
  inPlace: true,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'test-artifacts/mutation/report.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: 'test-artifacts/mutation/tmp',
  cleanTempDir: true,
};
