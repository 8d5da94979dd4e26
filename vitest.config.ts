import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests of every package, in one run. Integration tests get their own
 * database cloned from a migrated template (see tooling/services/src/testing.ts); the global
 * setup starts the embedded test cluster and rebuilds the template once per run.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'tooling/*/src/**/*.test.ts',
      'tooling/scripts/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/.next/**'],
    globalSetup: ['tooling/scripts/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.VITEST_JSON
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]]
      : ['default'],
  },
});
