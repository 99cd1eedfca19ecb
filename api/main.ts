// `npm run api`: the HTTP API alone, against a running cluster (TEMPORAL_ADDRESS) or the dev server of a running
// `npm start` in the same data directory, until SIGINT or SIGTERM. Workers run elsewhere (`npm run worker`).
import { createTemporalClient } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { whenLauncherDies } from '../local-temporal/launcher-watch';
import { payloadKeyring } from '../security/payload-keys';
import { openReadModel, readModelLocation } from '../projection/read-model';
import { ensureWebBuild } from '../scripts/build-web';
import { apiBanner } from './api-banner';
import { startApiServer } from './serve-api';

const log = (msg: string): void => console.log(`sopflow api: ${msg}`);

async function main(): Promise<void> {
  const env = loadEnvironment();
  // Never generates the local key: the API reads the payloads the workers wrote, so it needs their key.
  const keyring = payloadKeyring(env, { generate: false });
  await ensureWebBuild({ log });
  const temporal = await createTemporalClient(env, { keyring });
  const readModel = await openReadModel(readModelLocation(env.SOPFLOW_DATA_DIR));
  try {
    const server = await startApiServer(env, { client: temporal.client, keyring, dataDir: env.SOPFLOW_DATA_DIR, readModel });
    console.log(apiBanner(server).join('\n'));
    log('press Ctrl-C to stop.');
    // npm passes no signal on when it is killed: as the worker does, stop when the launcher dies.
    const why = await Promise.race([
      whenLauncherDies(),
      new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
    ]);
    log(`${why}: stopping the HTTP API…`);
    await server.close();
  } finally {
    await temporal.close();
    await readModel.destroy();
  }
  log('stopped.');
}

main().catch((err: unknown) => {
  console.error(`sopflow api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
