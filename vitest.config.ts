import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Bundles the bot and the CLIs once, for the tests that spawn them (test/support/prebuilt.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
