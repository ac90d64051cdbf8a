import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Unit and property tests next to the code: no database, run once.
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          // One module graph per worker, not per file: these files share no mutable state.
          isolate: false,
          testTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        // HTTP tests over a database: PGlite by default, the PostgreSQL of DATABASE_URL in CI's second pass.
        test: {
          name: 'api',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database copy; two cores run two files at a time. The app's
          // modules are loaded once per worker (not per file): a file's state is its database.
          isolate: false,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
