import { defineConfig } from 'vitest/config';

// Files that start whole stacks as processes (dev server, worker, API) and then mostly wait on real time: they run
// one at a time in their own lane, beside the rest, so their waits overlap other files' work.
const PROCESS_STACKS = ['test/chaos/**/*.test.ts', 'test/temporal/start-after-kill.test.ts', 'test/temporal/dev-server-restart.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: PROCESS_STACKS,
          // One Temporal dev server per project and run, started here; each time-skipping suite starts its own
          // test server (time skipping is global to a server, so suites never share one).
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/support/quiet-runtime.ts'],
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'process-stacks',
          include: PROCESS_STACKS,
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/support/quiet-runtime.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
