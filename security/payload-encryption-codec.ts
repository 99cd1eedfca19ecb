// Encrypts every Temporal payload (workflow inputs, update arguments, results, queries, memos) with AES-256-GCM
// before it leaves the process, so the Temporal database never holds case parties' names or CNIC numbers in
// clear. Runs in worker and client processes, never in the workflow sandbox (which has no node:crypto).
//
// Each payload of a case (or simulation job) also carries, in clear, the jurisdiction its workflow id names
// (`sopflow-jurisdiction: punjab/lahore/gulberg`): province, district and police station only, nothing personal.
// The codec server reads it to decrypt only for callers of that jurisdiction; it is authenticated with the
// ciphertext, so relabelling a payload makes it fail to open. Payloads written before it have none and open as before.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import protos from '@temporalio/proto';

// @temporalio/proto is CommonJS: take the namespace from its default export under ESM.
const ProtoPayload = protos.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const JURISDICTION_METADATA = 'sopflow-jurisdiction';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
export const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  /** Stored beside each payload, so a payload names the key that can open it. */
  id: string;
  key: Uint8Array;
}

/** Encrypt with `current`; decrypt with `current` or any of `previous` (key rotation). */
export interface PayloadKeyring {
  current: PayloadKey;
  previous?: readonly PayloadKey[];
}

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Where a payload's case sits, as its workflow id names it. */
export interface PayloadJurisdiction {
  province: string;
  district?: string;
  policeStation?: string;
}

const ID_PART = '[a-z0-9][a-z0-9-]*';
const CASE_WORKFLOW = new RegExp(`^case/(${ID_PART})/(${ID_PART})/(${ID_PART})/`);
const SIMULATION_WORKFLOW = new RegExp(`^simulation/(${ID_PART})/`);

/** The jurisdiction of a case workflow (or its tasks) or a simulation job, from its id; null for any other. */
export function jurisdictionOfWorkflowId(workflowId: string | undefined): PayloadJurisdiction | null {
  if (!workflowId) return null;
  const c = CASE_WORKFLOW.exec(workflowId);
  if (c) return { province: c[1]!, district: c[2]!, policeStation: c[3]! };
  const s = SIMULATION_WORKFLOW.exec(workflowId);
  return s ? { province: s[1]! } : null;
}

const jurisdictionText = (j: PayloadJurisdiction): string => [j.province, j.district, j.policeStation].filter((x) => x !== undefined).join('/');
const JURISDICTION_TEXT = new RegExp(`^(${ID_PART})(?:/(${ID_PART}))?(?:/(${ID_PART}))?$`);

/** The clear jurisdiction entry of an encrypted payload; null when it has none (older payloads) or it is malformed. */
export function payloadJurisdiction(payload: Payload): PayloadJurisdiction | null {
  const raw = payload.metadata?.[JURISDICTION_METADATA];
  const m = raw ? JURISDICTION_TEXT.exec(fromUtf8.decode(raw)) : null;
  if (!m) return null;
  return { province: m[1]!, ...(m[2] ? { district: m[2] } : {}), ...(m[3] ? { policeStation: m[3] } : {}) };
}

/** What GCM authenticates besides the ciphertext: the key id, and the jurisdiction entry when there is one. */
function additionalData(keyId: Uint8Array, jurisdiction: Uint8Array | undefined): Uint8Array {
  return jurisdiction ? Buffer.concat([keyId, Buffer.from([0]), jurisdiction]) : keyId;
}

export class PayloadEncryptionCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly keys = new Map<string, Uint8Array>();

  constructor(keyring: PayloadKeyring) {
    for (const { id, key } of [keyring.current, ...(keyring.previous ?? [])]) {
      if (!keyIdPattern.test(id)) throw new Error(`payload key id "${id}" must be 1–64 letters, digits, . _ or -`);
      if (key.length !== KEY_BYTES) throw new Error(`payload key "${id}" must be ${KEY_BYTES} bytes, not ${key.length}`);
      if (this.keys.has(id)) throw new Error(`payload key id "${id}" is configured twice`);
      this.keys.set(id, key);
    }
    this.current = keyring.current;
  }

  // async, so a payload that cannot be opened rejects the promise rather than throwing synchronously.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const jurisdiction = jurisdictionOfWorkflowId(context?.workflowId);
    return payloads.map((payload) => this.encrypt(payload, jurisdiction));
  }

  /** Encrypt for a given jurisdiction (the codec server's /encode, which has no workflow context). */
  // eslint-disable-next-line @typescript-eslint/require-await
  async encodeFor(payloads: Payload[], jurisdiction: PayloadJurisdiction): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload, jurisdiction));
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload, jurisdiction: PayloadJurisdiction | null): Payload {
    const plain = ProtoPayload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const keyId = utf8.encode(this.current.id);
    const where = jurisdiction ? utf8.encode(jurisdictionText(jurisdiction)) : undefined;
    // The key id and jurisdiction are authenticated too: relabelling either makes the payload fail to open.
    cipher.setAAD(additionalData(keyId, where));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: keyId,
        [CIPHER_METADATA]: utf8.encode(CIPHER),
        ...(where ? { [JURISDICTION_METADATA]: where } : {}),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    // Payloads written before encryption was switched on (or by Temporal itself) stay readable.
    if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new PayloadDecryptionError(`encrypted payload has no ${KEY_ID_METADATA}: it cannot be opened`);
    const keyId = fromUtf8.decode(keyIdBytes);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload was encrypted with key id "${keyId}", which is not configured (configured: ${[...this.keys.keys()].join(', ')}); ` +
          'add that key to SOPFLOW_PAYLOAD_OLD_KEYS',
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload (key id "${keyId}") is truncated: ${data.length} bytes`);
    }
    const iv = data.subarray(0, IV_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const body = data.subarray(IV_BYTES, data.length - TAG_BYTES);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(additionalData(keyIdBytes, payload.metadata?.[JURISDICTION_METADATA] ?? undefined));
      decipher.setAuthTag(tag);
      plain = Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `encrypted payload (key id "${keyId}") failed authentication: it was altered, or the key configured under that id is not the one that encrypted it`,
      );
    }
    return ProtoPayload.decode(plain);
  }
}

/** The data converter every sopflow client and worker uses: default JSON payloads, then encryption. */
export function encryptedDataConverter(keyring: PayloadKeyring): DataConverter {
  return { payloadCodecs: [new PayloadEncryptionCodec(keyring)] };
}
