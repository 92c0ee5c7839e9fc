import { defineConfig } from 'vitest/config';
import { LONG_SUITES, testOptions } from './vitest.config.ts';

/** `pnpm test:long`: the long stories `pnpm test` leaves out (see LONG_SUITES). */
export default defineConfig({
  test: { ...testOptions, include: LONG_SUITES },
});
