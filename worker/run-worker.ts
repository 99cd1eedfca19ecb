// The one wiring of a sopflow worker process, shared by `npm run worker` (worker/main.ts) and `npm start`
// (cli/start.ts, which runs a local dev server around it): payload encryption, the connection, search
// attributes on a cluster, the worker on the production bundle, and a clean close on SIGINT/SIGTERM.
import type { DataConverter } from '@temporalio/common';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { localActivityDependencies } from '../activities/index';
import type { Environment } from '../config/environment';
import { connectionOptions, temporalConnectionSettings, type TemporalConnectionSettings } from '../config/temporal-connection';
import { registerSearchAttributes } from '../local-temporal/register-search-attributes';
import { openReadModel, readModelLocation, type ReadModelDb } from '../projection/read-model';
import { encryptedDataConverter, type PayloadKeyring } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';
import { createSopflowWorker, workflowsPath } from './create-worker';
import { cachedSopflowBundle } from './workflow-bundle';

export type Log = (msg: string) => void;

/**
 * The encrypting data converter from the configured keys. Call it before starting anything: on a cluster a
 * missing key is a configuration error, reported at once.
 */
export function workerDataConverter(env: Environment, log: Log): DataConverter {
  return encryptedDataConverter(workerKeyring(env, log));
}

/** The configured payload keys, or the local key (generated on first use); `npm start` shares them with its API. */
export function workerKeyring(env: Environment, log: Log): PayloadKeyring {
  return payloadKeyring(env, {
    onGenerated: (file) =>
      log(`no SOPFLOW_PAYLOAD_KEY configured: generated a payload encryption key in ${file} (kept and reused; back it up, or the local cases cannot be read)`),
  });
}

export interface RunWorkerOptions {
  env: Environment;
  dataConverter: DataConverter;
  /** The local server's address, used when TEMPORAL_ADDRESS is not set. */
  localAddress: string;
  log: Log;
  /** Called once the worker polls (e.g. to print where the Web UI is). */
  onPolling?: (settings: TemporalConnectionSettings) => void;
  /** When it resolves, the worker shuts down as on SIGTERM (e.g. the process that launched us died). */
  stopWhen?: Promise<string>;
  /**
   * The read model the worker projects into, when the caller shares it (npm start: PGlite is one connection per
   * process, and its API reads the inbox from it). Default: opened here (DATABASE_URL, else PGlite under the
   * data directory) and closed when the worker stops.
   */
  readModel?: ReadModelDb;
}

/**
 * Two workflow threads, not the SDK's one: every workflow task of the process ran on one thread, which the crash
 * campaign saturated at 1,000 cases on 2 cores (workflow tasks queued inside the worker past their 10 s timeout,
 * 193 of 9,284; the sticky queue's 1 s spilled 503 to full replays), while the activities' thread had CPU to spare.
 */
const WORKFLOW_THREADS = 2;

/** Opens the configured read model, saying where it is. */
export async function openWorkerReadModel(env: Environment, log: Log): Promise<ReadModelDb> {
  const location = readModelLocation(env.SOPFLOW_DATA_DIR);
  log(location.kind === 'postgres' ? 'read model: PostgreSQL (DATABASE_URL)' : `read model: PGlite in ${location.dir}`);
  return openReadModel(location);
}

/** Runs the worker until SIGINT/SIGTERM (the SDK installs those handlers) or `stopWhen`; then closes. */
export async function runSopflowWorker(options: RunWorkerOptions): Promise<void> {
  const { env, log } = options;
  const settings = temporalConnectionSettings(env, options.localAddress);
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

  const readModel = options.readModel ?? (await openWorkerReadModel(env, log));
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect(connectionOptions(settings));
  } catch (err) {
    if (!options.readModel) await readModel.destroy();
    throw err;
  }
  try {
    const activityDependencies = { ...localActivityDependencies(env.SOPFLOW_DATA_DIR), readModel };
    const worker = await createSopflowWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: env.SOPFLOW_TASK_QUEUE,
      dataConverter: options.dataConverter,
      activityDependencies,
      workflowThreads: WORKFLOW_THREADS,
      // The same packs the activities ship: a bundle kept by its inputs' hash, so a restart on the same code skips webpack.
      workflowBundle: { code: await cachedSopflowBundle(workflowsPath, activityDependencies.sopDefinitionsDir ? { definitionsDir: activityDependencies.sopDefinitionsDir } : {}) },
    });
    log(`worker polling task queue "${env.SOPFLOW_TASK_QUEUE}" on ${settings.address}, namespace "${settings.namespace}"`);
    options.onPolling?.(settings);
    void options.stopWhen?.then((why) => {
      log(`${why}: stopping the worker…`);
      try {
        worker.shutdown();
      } catch {
        // Already stopping (a signal came first).
      }
    });
    await worker.run();
  } finally {
    // Neither may hold the process once the worker has stopped (a close to a server that is gone can hang).
    await bounded(connection.close(), CLOSE_BOUND_MS);
    if (!options.readModel) await bounded(readModel.destroy(), CLOSE_BOUND_MS);
  }
}

const CLOSE_BOUND_MS = 3_000;

/** Waits for `work` at most `ms`, ignoring its failure: for closing what a stopping process holds. */
function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work.then(() => undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}
