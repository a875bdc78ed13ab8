import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file in its own process: handler modules read their configuration once, at cold start, as in Lambda.
    pool: 'forks',
    // Local services (DynamoDB Local is a JVM) start in seconds; synth takes a few on a cold cache.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI: more parallel JVMs only slows every file down.
    maxWorkers: 2,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', TZ: 'UTC' },
  },
});
