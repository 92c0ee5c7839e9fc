import { defineConfig } from 'vitest/config';

/**
 * The unit tests that decide the policy and the consent and referral checks, for mutation testing
 * (`pnpm test:mutation`): pure, no database, so each mutant is judged in milliseconds.
 */
export default defineConfig({
  test: {
    include: ['packages/policy/src/**/*.test.ts', 'packages/core/src/consents/*.test.ts', 'packages/core/src/referrals/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
  },
});
