import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time (vitest's default is one fewer than the cores: one on a 2-core
    // machine). Most files spend their time waiting (bots, browsers, Redis, timers), not computing.
    maxWorkers: 2,
    // Bundles the bot and the CLIs once, for the tests that spawn them (test/support/prebuilt.ts).
    globalSetup: ['test/support/global-setup.ts'],
  },
});
