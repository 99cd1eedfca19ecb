// Worker entry point for a deployment (`npm run worker`): connects to the configured Temporal cluster (or the
// local dev server of a running `npm start`) and runs until SIGINT or SIGTERM. Scale out by running more of
// these on the same task queue. The wiring is worker/run-worker.ts, shared with `npm start`.
import { loadEnvironment } from '../config/environment';
import { runSopflowWorker, workerDataConverter } from './run-worker';

const log = (msg: string): void => console.log(`sopflow worker: ${msg}`);

async function main(): Promise<void> {
  const env = loadEnvironment();
  await runSopflowWorker({ env, dataConverter: workerDataConverter(env, log), localAddress: `127.0.0.1:${env.SOPFLOW_DEV_PORT}`, log });
}

main().catch((err: unknown) => {
  console.error(`sopflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
