// `npm start`: the main job. Runs a local Temporal dev server (SQLite under the data directory, Web UI on),
// registers sopflow's search attributes and runs the worker, until Ctrl-C. With TEMPORAL_ADDRESS set it
// starts no server and runs the worker against that cluster.
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadEnvironment } from '../config/environment';
import { connectionOptions, temporalConnectionSettings } from '../config/temporal-connection';
import { startDevServer } from '../local-temporal/dev-server';
import { registerSearchAttributes } from '../local-temporal/register-search-attributes';
import type { ServerProcess } from '../local-temporal/server-process';
import { toolPaths } from '../scripts/tool-paths.mjs';
import { encryptedDataConverter } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';
import { localActivityDependencies } from '../activities/index';
import { createSopflowWorker } from '../worker/create-worker';

const log = (msg: string): void => console.log(`sopflow: ${msg}`);

async function main(): Promise<void> {
  const env = loadEnvironment();
  // Before any server starts: on a cluster a missing key is a configuration error, reported at once.
  const dataConverter = encryptedDataConverter(
    payloadKeyring(env, {
      onGenerated: (file) =>
        log(`no SOPFLOW_PAYLOAD_KEY configured: generated a payload encryption key in ${file} (kept and reused; back it up, or the local cases cannot be read)`),
    }),
  );
  let devServer: ServerProcess | undefined;

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
    });
  }

  const settings = temporalConnectionSettings(env, devServer?.address ?? '');
  if (env.TEMPORAL_ADDRESS) {
    // On a shared cluster, an operator may own the namespace's search attributes: try, and say what failed.
    const client = await Connection.connect(connectionOptions(settings));
    try {
      const added = await registerSearchAttributes(client, settings.namespace);
      if (added.length) log(`registered search attributes: ${added.join(', ')}`);
    } catch (err) {
      log(`warning: could not register search attributes (${(err as Error).message}); ask the cluster operator to add them.`);
    } finally {
      await client.close();
    }
  }

  const connection = await NativeConnection.connect(connectionOptions(settings));
  const worker = await createSopflowWorker({ connection, namespace: settings.namespace, taskQueue: env.SOPFLOW_TASK_QUEUE, dataConverter, activityDependencies: localActivityDependencies(env.SOPFLOW_DATA_DIR) });

  log(`worker polling task queue "${env.SOPFLOW_TASK_QUEUE}" on ${settings.address}, namespace "${settings.namespace}"`);
  if (devServer) {
    log(`Temporal Web UI: http://127.0.0.1:${env.SOPFLOW_UI_PORT}`);
    log(`from another terminal: ${toolPaths().temporalCli} workflow list --address ${settings.address}`);
  }
  log('payloads are encrypted (AES-256-GCM); the Web UI shows them as encrypted binary.');
  log('press Ctrl-C to stop.');

  // The worker stops itself on SIGINT/SIGTERM (the SDK's runtime installs those handlers); then we stop the server.
  try {
    await worker.run();
  } finally {
    await connection.close();
    if (devServer) {
      log('stopping Temporal dev server…');
      await devServer.stop();
    }
    log('stopped.');
  }
}

main().catch((err: unknown) => {
  console.error(`sopflow: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
