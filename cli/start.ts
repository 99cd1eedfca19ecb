// `npm start`: the main job. Runs a local Temporal dev server (SQLite under the data directory, Web UI on)
// and, around it, the same worker wiring as `npm run worker` (worker/run-worker.ts) and, once the worker polls,
// the HTTP API (api/serve-api.ts) with its sign-in, until Ctrl-C. With TEMPORAL_ADDRESS set it starts no server
// and runs the worker and the API against that cluster. A kill -9 of `npm start` leaves nothing running: the
// worker and the API live in this process, which stops when its launcher dies, and the server's watchdog stops
// the server.
import path from 'node:path';
import { apiBanner } from '../api/api-banner';
import { startApiServer, type ApiServer } from '../api/serve-api';
import { createTemporalClient, type TemporalClientHandle } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { markDevServerStopping, startDevServer } from '../local-temporal/dev-server';
import { whenLauncherDies } from '../local-temporal/launcher-watch';
import type { ServerProcess } from '../local-temporal/server-process';
import { ensureWebBuild } from '../scripts/build-web';
import { toolPaths } from '../scripts/tool-paths.mjs';
import { encryptedDataConverter } from '../security/payload-encryption-codec';
import { openWorkerReadModel, runSopflowWorker, workerKeyring } from '../worker/run-worker';
import type { ReadModelDb } from '../projection/read-model';

const log = (msg: string): void => console.log(`sopflow: ${msg}`);

/** `npm start -- --demo`: also load the synthetic Punjab history (cli/demo-history.ts), once. */
const demo = process.argv.slice(2).includes('--demo');

async function main(): Promise<void> {
  const env = loadEnvironment();
  // One keyring for the worker, the API's client and its codec server: all read the same payloads.
  const keyring = workerKeyring(env, log);
  const dataConverter = encryptedDataConverter(keyring);
  let devServer: ServerProcess | undefined;
  const pidFile = path.join(path.resolve(env.SOPFLOW_DATA_DIR), 'temporal-server.pid');
  // Said as soon as we begin to stop, so that a start right after this one waits for our server, not refuses.
  const stopping = (): void => {
    if (devServer) markDevServerStopping(pidFile);
  };

  if (!env.TEMPORAL_ADDRESS) {
    const dataDir = path.resolve(env.SOPFLOW_DATA_DIR);
    const dbFile = path.join(dataDir, 'temporal.sqlite');
    log(`starting Temporal dev server on 127.0.0.1:${env.SOPFLOW_DEV_PORT} (database: ${dbFile})…`);
    devServer = await startDevServer({
      port: env.SOPFLOW_DEV_PORT,
      uiPort: env.SOPFLOW_UI_PORT,
      dbFile,
      namespace: env.TEMPORAL_NAMESPACE,
      logFile: path.join(dataDir, 'temporal-server.log'),
      pidFile,
      onNote: log,
    });
  }

  // The web app is built before anything starts (skipped when web/ has not changed since the last build).
  await ensureWebBuild({ log });
  let api: Promise<ApiServer | undefined> | undefined;
  let temporal: TemporalClientHandle | undefined;
  let apiError: Error | undefined;
  let apiFailed: (why: string) => void = () => undefined;
  const apiFailure = new Promise<string>((resolve) => (apiFailed = resolve));
  let readModel: ReadModelDb | undefined;

  try {
    // One handle for the worker (which projects) and the API (whose inbox reads it): PGlite is one connection.
    readModel = await openWorkerReadModel(env, log);
    await runSopflowWorker({
      env,
      dataConverter,
      readModel,
      localAddress: devServer?.address ?? '',
      log,
      stopWhen: Promise.race([whenLauncherDies(), apiFailure]).then((why) => {
        stopping();
        return why;
      }),
      onPolling: (settings) => {
        if (devServer) {
          log(`Temporal Web UI: http://127.0.0.1:${env.SOPFLOW_UI_PORT}`);
          log(`from another terminal: ${toolPaths().temporalCli} workflow list --address ${settings.address}`);
        }
        log('payloads are encrypted (AES-256-GCM); the Web UI shows them as encrypted binary.');
        api = (async () => {
          temporal = await createTemporalClient(env, { address: settings.address, keyring });
          const server = await startApiServer(env, { client: temporal.client, keyring, dataDir: env.SOPFLOW_DATA_DIR, ...(readModel ? { readModel } : {}) });
          // Unprefixed, so the curl lines can be copied as they are.
          console.log(apiBanner(server).join('\n'));
          if (demo) {
            log('--demo: loading the synthetic Punjab history (illustrative, no real case or person)…');
            const { loadDemoHistory } = await import('./demo-history');
            const loaded = await loadDemoHistory({ client: temporal.client, taskQueue: env.SOPFLOW_TASK_QUEUE, log });
            log(`--demo: ${loaded.opened} cases opened with ${loaded.events} events (${loaded.refused} refused by the SOP), ${loaded.existing} already there; sign in as lahore-sho.`);
          }
          log('press Ctrl-C to stop.');
          return server;
        })().catch((err: unknown) => {
          apiError = err instanceof Error ? err : new Error(String(err));
          apiFailed('the HTTP API did not start');
          return undefined;
        });
      },
    });
  } finally {
    const server = await api;
    if (server) {
      log('stopping the HTTP API…');
      await server.close();
    }
    await temporal?.close();
    await readModel?.destroy();
    if (devServer) {
      stopping();
      log('stopping Temporal dev server…');
      await devServer.stop();
    }
    log('stopped.');
  }
  if (apiError) throw apiError;
}

main().catch((err: unknown) => {
  console.error(`sopflow: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
