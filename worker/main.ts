// Worker entry point for a deployment: connects to the configured Temporal cluster and runs until SIGINT or
// SIGTERM. Scale out by running more of these on the same task queue.
import { NativeConnection } from '@temporalio/worker';
import { loadEnvironment } from '../config/environment';
import { connectionOptions, temporalConnectionSettings } from '../config/temporal-connection';
import { encryptedDataConverter } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';
import { localActivityDependencies } from '../activities/index';
import { createSopflowWorker } from './create-worker';

async function main(): Promise<void> {
  const env = loadEnvironment();
  const dataConverter = encryptedDataConverter(
    payloadKeyring(env, { onGenerated: (file) => console.log(`sopflow worker: generated a local payload encryption key in ${file}`) }),
  );
  const settings = temporalConnectionSettings(env, `127.0.0.1:${env.SOPFLOW_DEV_PORT}`);
  const connection = await NativeConnection.connect(connectionOptions(settings));
  try {
    const worker = await createSopflowWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: env.SOPFLOW_TASK_QUEUE,
      dataConverter,
      activityDependencies: localActivityDependencies(env.SOPFLOW_DATA_DIR),
    });
    console.log(`sopflow worker: polling task queue "${env.SOPFLOW_TASK_QUEUE}" on ${settings.address} (${settings.namespace})`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`sopflow worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
