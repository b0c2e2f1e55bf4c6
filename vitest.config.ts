import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database suites create their own databases; two cores → two files at a time.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
