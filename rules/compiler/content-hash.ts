// SHA-256 from @noble/hashes: pure JS, so the same hash is computed inside Temporal's workflow sandbox
// (which has no `crypto`) as in Node.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json';

export function contentHash(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}
