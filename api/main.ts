// `npm run api`: the HTTP API alone, against a running cluster (TEMPORAL_ADDRESS) or the dev server of a running
// `npm start` in the same data directory, until SIGINT or SIGTERM. Workers run elsewhere (`npm run worker`).
import { createTemporalClient } from '../client/temporal-client';
import { openReadModel, readModelLocation, type ReadModelDb } from '../projection/read-model';
import { loadEnvironment } from '../config/environment';
import { whenLauncherDies } from '../local-temporal/launcher-watch';
import { payloadKeyring } from '../security/payload-keys';
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
  // The embedded PGlite belongs to the worker's process (one connection): alone, the API reads the read model
  // only from a PostgreSQL server, and otherwise lists inboxes from Temporal visibility.
  let readModel: ReadModelDb | undefined;
  const location = readModelLocation(env.SOPFLOW_DATA_DIR);
  if (location.kind === 'postgres') readModel = await openReadModel(location);
  else log('no DATABASE_URL: inboxes come from Temporal visibility (the embedded read model is the worker\u2019s)');
  try {
    const server = await startApiServer(env, { client: temporal.client, keyring, dataDir: env.SOPFLOW_DATA_DIR, ...(readModel ? { readModel } : {}) });
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
    await readModel?.destroy();
  }
  log('stopped.');
}

main().catch((err: unknown) => {
  console.error(`sopflow api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
