// Where the payload key comes from: configuration on a cluster (missing or bad → an error naming the variable,
// never the key), a key generated once into the data directory for the local dev server.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnvironment } from '../../config/environment';
import { LOCAL_KEY_FILE, PayloadKeyMissingError, payloadKeyring } from '../../security/payload-keys';

const keyBase64 = (): string => randomBytes(32).toString('base64');
const tempDataDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-keys-'));

function configurationMessage(source: Record<string, string>): string {
  try {
    payloadKeyring(loadEnvironment(source));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('payload keys from configuration', () => {
  it('takes the current key and old keys from the environment', () => {
    const [k1, k2, k3] = [keyBase64(), keyBase64(), keyBase64()];
    const keyring = payloadKeyring(
      loadEnvironment({ TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233', SOPFLOW_PAYLOAD_KEY: k3, SOPFLOW_PAYLOAD_KEY_ID: '2026-11', SOPFLOW_PAYLOAD_OLD_KEYS: `2026-01:${k1}, 2025-06:${k2}` }),
    );
    expect(keyring.current.id).toBe('2026-11');
    expect(Buffer.from(keyring.current.key).toString('base64')).toBe(k3);
    expect(keyring.previous?.map((k) => k.id)).toEqual(['2026-01', '2025-06']);
  });

  it('on a cluster, a missing key is a configuration error naming the variable', () => {
    expect(configurationMessage({ TEMPORAL_ADDRESS: 'x.tmprl.cloud:7233' })).toMatch(/SOPFLOW_PAYLOAD_KEY: required when TEMPORAL_ADDRESS is set/);
  });

  it('a bad key, id or old-key list is reported by variable, and the message never contains the key', () => {
    const short = randomBytes(16).toString('base64');
    const message = configurationMessage({ SOPFLOW_PAYLOAD_KEY: short, SOPFLOW_PAYLOAD_KEY_ID: 'has space', SOPFLOW_PAYLOAD_OLD_KEYS: `old:${short},nocolon` });
    expect(message).toMatch(/SOPFLOW_PAYLOAD_KEY: must be base64 of 32 random bytes/);
    expect(message).toMatch(/SOPFLOW_PAYLOAD_KEY_ID: must be 1–64 letters/);
    expect(message).toMatch(/SOPFLOW_PAYLOAD_OLD_KEYS: key "old" must be base64/);
    expect(message).toMatch(/SOPFLOW_PAYLOAD_OLD_KEYS: entry 2 must be <key id>:<base64 key>/);
    expect(message).not.toContain(short);
  });

  it('a key needs its id, and an old key may not reuse the current id', () => {
    const key = keyBase64();
    expect(configurationMessage({ SOPFLOW_PAYLOAD_KEY: key })).toMatch(/SOPFLOW_PAYLOAD_KEY_ID: SOPFLOW_PAYLOAD_KEY needs an id/);
    expect(configurationMessage({ SOPFLOW_PAYLOAD_KEY_ID: 'k1' })).toMatch(/SOPFLOW_PAYLOAD_KEY: a payload key id or old keys are given but no current key/);
    expect(configurationMessage({ SOPFLOW_PAYLOAD_KEY: key, SOPFLOW_PAYLOAD_KEY_ID: 'k1', SOPFLOW_PAYLOAD_OLD_KEYS: `k1:${keyBase64()}` })).toMatch(
      /SOPFLOW_PAYLOAD_OLD_KEYS: key id "k1" is the current key's id/,
    );
  });

  it('for the local dev server with no key configured, generates one once (mode 0600) and reuses it', () => {
    const dataDir = tempDataDir();
    const generated: string[] = [];
    const env = loadEnvironment({ SOPFLOW_DATA_DIR: dataDir });
    const first = payloadKeyring(env, { onGenerated: (file) => generated.push(file) });
    const second = payloadKeyring(env, { onGenerated: (file) => generated.push(file) });
    const file = path.join(dataDir, LOCAL_KEY_FILE);
    expect(generated).toEqual([file]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(second.current.key).equals(Buffer.from(first.current.key))).toBe(true);
    expect(second.current.id).toBe(first.current.id);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a damaged local key file is refused without quoting its content', () => {
    const dataDir = tempDataDir();
    const secret = keyBase64();
    fs.writeFileSync(path.join(dataDir, LOCAL_KEY_FILE), `{"keyId": "local", "key": "${secret}"`);
    const message = configurationMessage({ SOPFLOW_DATA_DIR: dataDir });
    expect(message).toMatch(/payload-key\.json: not a valid payload key file \(not readable JSON\)/);
    expect(message).not.toContain(secret);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('two data directories get keys with different ids, so "unknown key id" can tell them apart', () => {
    const [a, b] = [tempDataDir(), tempDataDir()];
    const idA = payloadKeyring(loadEnvironment({ SOPFLOW_DATA_DIR: a })).current.id;
    const idB = payloadKeyring(loadEnvironment({ SOPFLOW_DATA_DIR: b })).current.id;
    expect(idA).toMatch(/^local-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(idB).not.toBe(idA);
    for (const dir of [a, b]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a caller that may not generate (every CLI command) is told the key is missing, and nothing is written', () => {
    const dataDir = tempDataDir();
    const read = (): unknown => payloadKeyring(loadEnvironment({ SOPFLOW_DATA_DIR: dataDir }), { generate: false });
    expect(read).toThrow(PayloadKeyMissingError);
    expect(read).toThrow(`no payload key found in ${dataDir}: run from the directory npm start runs in, or set SOPFLOW_PAYLOAD_KEY`);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
