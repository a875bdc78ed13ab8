import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file in its own process, with its own local stack (whose functions run in worker threads).
    pool: 'forks',
    // Local services (DynamoDB Local is a JVM) start in seconds; synth takes a few on a cold cache.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI: more parallel JVMs only slows every file down.
    maxWorkers: 2,
    // A browser waiting on a step the workflow completes: each function runs in its own worker and may cold-start,
    // so a poll waits longer than vitest's one second before it fails.
    expect: { poll: { timeout: 15_000 } },
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', TZ: 'UTC' },
  },
});
