// The payload key of the test suite: fixed, so histories saved for replay tests stay readable run after run.
// Derived from a label, never used outside tests.
import { createHash } from 'node:crypto';
import { encryptedDataConverter, type PayloadKeyring } from '../../security/payload-encryption-codec';

export const testPayloadKeyring: PayloadKeyring = {
  current: { id: 'sopflow-test', key: createHash('sha256').update('sopflow test payload key: not a secret').digest() },
};

/** Every client and worker of the suite uses this, so the whole suite runs with encrypted payloads. */
export const testDataConverter = encryptedDataConverter(testPayloadKeyring);
