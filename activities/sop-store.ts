// The content-addressed SOP store workers resolve a case's SOP from: the packs the worker ships (sop-definitions/,
// loaded and hashed at start) and a registry the API publishes packs to, kept durably by hash under the data
// directory. A hash names exactly one content, so whatever is found is checked against it and never changes.
import path from 'node:path';
import { contentHash } from '../rules/compiler/content-hash';
import type { SopBundle } from '../rules/loader/load-sop';
import { OnceFileStore } from './once-file-store';

/** Shipped packs are read by the workflow from its own bundle (no history); published ones travel once per run. */
export type SopLocation = { shipped: true } | { published: SopBundle };

export const SOP_HASH = /^sha256:[0-9a-f]{64}$/;

export interface SopStore {
  /** Where the SOP of this content hash is, or null when neither shipped nor published. */
  locate(hash: string): Promise<SopLocation | null>;
  /** Publishes a pack (idempotent: the same content is stored once, under its hash). */
  publish(bundle: SopBundle): Promise<{ hash: string; status: 'published' | 'already-published' | 'shipped' }>;
}

export const SOP_REGISTRY_DIR = path.join('sop-registry');

/**
 * `shipped` is called on first use: a worker that never meets a hash-pinned case never reads the packs.
 * Without `registryDir`, only shipped packs are found and none can be published.
 */
export function sopStore(options: { shipped: () => ReadonlyMap<string, SopBundle>; registryDir?: string }): SopStore {
  const registry = options.registryDir === undefined ? undefined : new OnceFileStore<SopBundle>(options.registryDir);
  return {
    async locate(hash) {
      if (!SOP_HASH.test(hash)) return null;
      if (options.shipped().has(hash)) return { shipped: true };
      const bundle = await registry?.get(hash);
      // A file edited in place is not the SOP its name promises: refuse it rather than run a case on it.
      if (!bundle || contentHash(bundle) !== hash) return null;
      return { published: bundle };
    },
    async publish(bundle) {
      const hash = contentHash(bundle);
      if (options.shipped().has(hash)) return { hash, status: 'shipped' };
      if (!registry) throw new Error('this SOP store has no registry to publish to');
      return { hash, status: (await registry.put(hash, bundle)) === 'written' ? 'published' : 'already-published' };
    },
  };
}
