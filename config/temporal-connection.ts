// Turns validated configuration into Temporal connection options (shared by worker and clients).
import fs from 'node:fs';
import type { Environment } from './environment';
import { ConfigurationError } from './environment';

export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

function readFileOrFail(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigurationError(`${variable}: cannot read ${file}: ${(err as Error).message}`);
  }
}

/** `fallbackAddress` is the local dev server's address when no cluster is configured. */
export function temporalConnectionSettings(env: Environment, fallbackAddress: string): TemporalConnectionSettings {
  const settings: TemporalConnectionSettings = {
    address: env.TEMPORAL_ADDRESS ?? fallbackAddress,
    namespace: env.TEMPORAL_NAMESPACE,
  };
  const wantsTls = env.TEMPORAL_TLS_CERT ?? env.TEMPORAL_TLS_CA ?? env.TEMPORAL_TLS_SERVER_NAME ?? env.TEMPORAL_API_KEY;
  if (wantsTls) {
    settings.tls = {
      ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
      ...(env.TEMPORAL_TLS_CA ? { serverRootCACertificate: readFileOrFail('TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA) } : {}),
      ...(env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY
        ? {
            clientCertPair: {
              crt: readFileOrFail('TEMPORAL_TLS_CERT', env.TEMPORAL_TLS_CERT),
              key: readFileOrFail('TEMPORAL_TLS_KEY', env.TEMPORAL_TLS_KEY),
            },
          }
        : {}),
    };
  }
  if (env.TEMPORAL_API_KEY) settings.apiKey = env.TEMPORAL_API_KEY;
  return settings;
}

/** Options accepted by both `Connection.connect` (clients) and `NativeConnection.connect` (workers). */
export function connectionOptions(settings: TemporalConnectionSettings): {
  address: string;
  tls?: NonNullable<TemporalConnectionSettings['tls']>;
  apiKey?: string;
} {
  return {
    address: settings.address,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}
