// The one way edges (CLI, API, bench) reach Temporal: the configured connection, and the data converter that
// encrypts every payload. A client built any other way would write case parties' personal data in clear.
import { Client, Connection } from '@temporalio/client';
import type { Environment } from '../config/environment';
import { connectionOptions, temporalConnectionSettings } from '../config/temporal-connection';
import { encryptedDataConverter, type PayloadKeyring } from '../security/payload-encryption-codec';
import { payloadKeyring } from '../security/payload-keys';

export interface TemporalClientOptions {
  /** Address of the local dev server, used when TEMPORAL_ADDRESS is unset; default 127.0.0.1:SOPFLOW_DEV_PORT. */
  address?: string;
  /** Payload keys to use instead of the configured ones (benchmarks, tests). */
  keyring?: PayloadKeyring;
}

export interface TemporalClientHandle {
  client: Client;
  /** The raw gRPC connection (operator service, raw history); it does not decrypt anything. */
  connection: Connection;
  namespace: string;
  close(): Promise<void>;
}

export async function createTemporalClient(env: Environment, opts: TemporalClientOptions = {}): Promise<TemporalClientHandle> {
  // Keys first: a configuration error should not wait for a connection timeout. An edge never generates the
  // local key (only `npm start` and the worker do): without it, it could not read a single case.
  const keyring = opts.keyring ?? payloadKeyring(env, { generate: false });
  const settings = temporalConnectionSettings(env, opts.address ?? `127.0.0.1:${env.SOPFLOW_DEV_PORT}`);
  const connection = await Connection.connect(connectionOptions(settings));
  const client = new Client({ connection, namespace: settings.namespace, dataConverter: encryptedDataConverter(keyring) });
  return { client, connection, namespace: settings.namespace, close: () => connection.close() };
}
