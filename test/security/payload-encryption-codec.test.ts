// The payload codec on its own: what goes to Temporal is AES-256-GCM ciphertext that opens only with the key
// it names, and keys can rotate without losing older payloads.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  PayloadEncryptionCodec,
  type PayloadKey,
} from '../../security/payload-encryption-codec';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const text = new TextDecoder();
const parties = { complainant: { name: 'Muhammad Aslam', cnic: '35202-1234567-1' }, victims: [{ name: 'زینب بی بی', juvenile: true }] };

async function roundTrip(codec: PayloadCodecLike, value: unknown): Promise<unknown> {
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  const [decoded] = await codec.decode([encoded!]);
  return defaultPayloadConverter.fromPayload(decoded!);
}
const flipBit = (data: Buffer, at: number): void => {
  data.writeUInt8(data.readUInt8(at) ^ 1, at);
};
type PayloadCodecLike = Pick<PayloadEncryptionCodec, 'encode' | 'decode'>;

async function sealOne(codec: PayloadEncryptionCodec, value: unknown): Promise<Payload> {
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return encoded!;
}

describe('payload encryption codec (AES-256-GCM)', () => {
  it('round-trips JSON, binary, empty and undefined payloads, and the ciphertext holds no clear text', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('k1') });
    for (const value of [parties, 'Muhammad Aslam', 42, null, undefined, new Uint8Array([1, 2, 3]), new Uint8Array()]) {
      expect(await roundTrip(codec, value)).toEqual(value);
    }
    const sealed = await sealOne(codec, parties);
    expect(text.decode(sealed.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text.decode(sealed.metadata![KEY_ID_METADATA])).toBe('k1');
    const bytes = Buffer.from(sealed.data!);
    expect(bytes.includes('Muhammad')).toBe(false);
    expect(bytes.includes('35202')).toBe(false);
    expect(bytes.includes('json/plain')).toBe(false); // the original metadata is sealed too
  });

  it('uses a fresh IV for every payload: the same value never encrypts to the same bytes', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('k1') });
    const [a, b] = await Promise.all([sealOne(codec, parties), sealOne(codec, parties)]);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it.each([
    ['a ciphertext byte', (d: Buffer) => flipBit(d, 20)],
    ['the IV', (d: Buffer) => flipBit(d, 0)],
    ['the auth tag', (d: Buffer) => flipBit(d, d.length - 1)],
  ])('refuses a payload whose %s was altered', async (_what, tamper) => {
    const codec = new PayloadEncryptionCodec({ current: key('k1') });
    const sealed = await sealOne(codec, parties);
    const data = Buffer.from(sealed.data!);
    tamper(data);
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow(/key id "k1"\) failed authentication: it was altered/);
  });

  it('refuses a truncated payload and one relabelled with another configured key id', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const codec = new PayloadEncryptionCodec({ current: k1, previous: [k2] });
    const sealed = await sealOne(codec, parties);
    await expect(codec.decode([{ ...sealed, data: sealed.data!.subarray(0, 20) }])).rejects.toThrow(/truncated/);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(PayloadDecryptionError);
  });

  it('refuses a payload encrypted with a key id it does not know, naming the id and what to configure', async () => {
    const sealed = await sealOne(new PayloadEncryptionCodec({ current: key('2025-01') }), parties);
    const codec = new PayloadEncryptionCodec({ current: key('2026-11') });
    await expect(codec.decode([sealed])).rejects.toThrow(
      /encrypted with key id "2025-01", which is not configured \(configured: 2026-11\); add that key to SOPFLOW_PAYLOAD_OLD_KEYS/,
    );
  });

  it('refuses a payload whose key id names the right slot but the wrong key', async () => {
    const sealed = await sealOne(new PayloadEncryptionCodec({ current: key('k1') }), parties);
    await expect(new PayloadEncryptionCodec({ current: key('k1') }).decode([sealed])).rejects.toThrow(/failed authentication/);
  });

  it('rotates: after the key changes, new payloads use the new key and old ones still open with the old key', async () => {
    const old = key('2026-01');
    const next = key('2026-11');
    const before = await sealOne(new PayloadEncryptionCodec({ current: old }), parties);
    const rotated = new PayloadEncryptionCodec({ current: next, previous: [old] });
    const [opened] = await rotated.decode([before]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(parties);
    const after = await sealOne(rotated, parties);
    expect(text.decode(after.metadata![KEY_ID_METADATA])).toBe('2026-11');
    // Once the old key is dropped, the new payloads still open and the old ones are refused by name.
    const retired = new PayloadEncryptionCodec({ current: next });
    expect(defaultPayloadConverter.fromPayload((await retired.decode([after]))[0]!)).toEqual(parties);
    await expect(retired.decode([before])).rejects.toThrow(/key id "2026-01"/);
  });

  it('passes through payloads that were never encrypted (written before encryption was switched on)', async () => {
    const codec = new PayloadEncryptionCodec({ current: key('k1') });
    const plain = defaultPayloadConverter.toPayload({ stage: 'investigation' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('refuses a keyring with a short key, a bad id or one id twice', () => {
    expect(() => new PayloadEncryptionCodec({ current: { id: 'k1', key: randomBytes(16) } })).toThrow(/must be 32 bytes, not 16/);
    expect(() => new PayloadEncryptionCodec({ current: { id: 'has space', key: randomBytes(32) } })).toThrow(/key id "has space"/);
    expect(() => new PayloadEncryptionCodec({ current: key('k1'), previous: [key('k1')] })).toThrow(/configured twice/);
  });
});
