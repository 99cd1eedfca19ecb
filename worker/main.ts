// Worker entry point for a deployment (`npm run worker`): connects to the configured Temporal cluster (or the
// local dev server of a running `npm start`) and runs until SIGINT or SIGTERM. Scale out by running more of
// these on the same task queue. The wiring is worker/run-worker.ts, shared with `npm start`.
import { loadEnvironment } from '../config/environment';
import { runSopflowWorker, workerDataConverter } from './run-worker';

const log = (msg: string): void => console.log(`sopflow worker: ${msg}`);

/**
 * A stop asked by signal ends the process within this, whatever still waits (the worker's own bound is 3 s of
 * grace and 10 s in all; its connection and read model get 3 s each): a supervisor's SIGTERM is never ignored.
 */
const EXIT_BOUND_MS = 18_000;

async function main(): Promise<void> {
  const env = loadEnvironment();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Beside the SDK's own handlers (which start the graceful shutdown).
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`sopflow worker: still stopping ${EXIT_BOUND_MS / 1000} s after ${signal}; exiting`);
        process.exit(1);
      }, EXIT_BOUND_MS).unref();
    });
  }
  await runSopflowWorker({ env, dataConverter: workerDataConverter(env, log), localAddress: `127.0.0.1:${env.SOPFLOW_DEV_PORT}`, log });
}

main().then(
  // The native worker may keep handles open after a forced stop: the process ends here either way.
  () => process.exit(0),
  (err: unknown) => {
    console.error(`sopflow worker: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
