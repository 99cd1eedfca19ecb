// Where the payload key comes from: the environment (SOPFLOW_PAYLOAD_KEY…) on a cluster; for the local dev
// server with nothing configured, a key generated once into the data directory by `npm start` or the worker
// and reused, so `npm start` needs no setup and a restarted server's cases stay readable. CLI commands only
// read that key: one run from another directory must not create a second key there.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError, payloadKeyBase64, payloadKeyId, type Environment } from '../config/environment';
import { KEY_BYTES, type PayloadKeyring } from './payload-encryption-codec';

export const LOCAL_KEY_FILE = 'payload-key.json';

const localKeyFile = z.object({ keyId: payloadKeyId, key: payloadKeyBase64 }).strict();

export interface PayloadKeyOptions {
  /** Told (once) when a local key is generated; never given the key itself. */
  onGenerated?: (file: string) => void;
  /**
   * False for every command that only talks to a running server (the CLI, the API): a missing local key then
   * means the wrong data directory, and is said so, instead of a new key that cannot read any case.
   */
  generate?: boolean;
}

/** The local key file is missing and this process may not create one. */
export class PayloadKeyMissingError extends ConfigurationError {
  constructor(readonly dataDir: string) {
    super(`no payload key found in ${dataDir}: run from the directory npm start runs in, or set SOPFLOW_PAYLOAD_KEY`);
  }
}

/** Unique per generation: two data directories' keys never share an id, so "unknown key id" can be told apart. */
export function newLocalKeyId(now = new Date()): string {
  return `local-${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
}

export function payloadKeyring(env: Environment, options: PayloadKeyOptions = {}): PayloadKeyring {
  if (env.SOPFLOW_PAYLOAD_KEY && env.SOPFLOW_PAYLOAD_KEY_ID) {
    return {
      current: { id: env.SOPFLOW_PAYLOAD_KEY_ID, key: Buffer.from(env.SOPFLOW_PAYLOAD_KEY, 'base64') },
      previous: (env.SOPFLOW_PAYLOAD_OLD_KEYS ?? []).map(({ id, key }) => ({ id, key: Buffer.from(key, 'base64') })),
    };
  }
  if (env.TEMPORAL_ADDRESS) {
    // A generated key would live on one machine only: every worker and client of a cluster must share one.
    throw new ConfigurationError(
      'invalid configuration:\n  SOPFLOW_PAYLOAD_KEY: required when TEMPORAL_ADDRESS is set, with SOPFLOW_PAYLOAD_KEY_ID ' +
        '(base64 of 32 random bytes, e.g. `openssl rand -base64 32`; every worker and client of the cluster needs the same key)',
    );
  }
  return localPayloadKeyring(path.resolve(env.SOPFLOW_DATA_DIR, LOCAL_KEY_FILE), options);
}

function localPayloadKeyring(file: string, options: PayloadKeyOptions): PayloadKeyring {
  if (!fs.existsSync(file)) {
    if (options.generate === false) throw new PayloadKeyMissingError(path.dirname(file));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const generated = { keyId: newLocalKeyId(), key: randomBytes(KEY_BYTES).toString('base64') };
    try {
      // `wx`: if another process (a second CLI call) created it first, keep theirs.
      fs.writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
      options.onGenerated?.(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  let content: unknown;
  try {
    content = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // JSON.parse's message quotes the text, i.e. the key: say only what is wrong.
    content = undefined;
  }
  const parsed = localKeyFile.safeParse(content);
  if (!parsed.success) {
    const reason = content === undefined ? 'not readable JSON' : parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    throw new ConfigurationError(`${file}: not a valid payload key file (${reason}); restore it from a backup, or the local cases cannot be read`);
  }
  return { current: { id: parsed.data.keyId, key: Buffer.from(parsed.data.key, 'base64') } };
}
