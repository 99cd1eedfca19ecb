// How a case workflow gets the SOP its input pins. Inputs recorded before hashes carried the whole bundle and
// still do (told apart by their shape: a `bundle` field). A hash-only input asks the SOP store once per run and
// hash (a local activity, so the answer is in history and replays without I/O): a shipped pack is then read
// from the worker's bundle (nothing more in history), a published one comes in the activity's result. The
// compiled SOP is cached per hash across runs (compiled-sops.ts); its hash was verified when it was compiled.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { SopLocation } from '../activities/index';
import { prepareCase, type HolidayNotification, type PreparedCase } from '../rules/case-engine/index';
import type { SopBundle } from '../rules/loader/load-sop';
import { caseFacts, type CaseFacts, type CaseFactsInput } from '../rules/schema/case-facts';
import type { PinnedSop } from './case-messages';
import { compiledSops } from './compiled-sops';
import { shippedSopTexts } from './shipped-sops';

/** `notifications`: the holidays notified before the case opened (its working-day deadlines honour them). */
export type PrepareSop = (pinned: PinnedSop, facts: CaseFactsInput | CaseFacts, notifications?: readonly HolidayNotification[]) => Promise<PreparedCase>;

/** Raised when the store has no SOP of that hash: the host turns it into a refusal of that name. */
export class SopNotFound extends Error {}

function shippedBundle(hash: string): SopBundle {
  const text = shippedSopTexts[hash];
  // The store said this worker ships it, so the bundle must carry it: a worker built without its packs.
  if (text === undefined) throw new Error(`SOP ${hash} is shipped with this worker but not in its workflow bundle: bundle the workflows with sopflowBundleOptions (worker/workflow-bundle.ts)`);
  return JSON.parse(text) as SopBundle;
}

/**
 * A preparer for one workflow run: `locate` is the store's activity; its answers are kept for the run.
 * `bundleFirst` (runs since patch 'steps-on-flush-timer'): a pack this workflow bundle ships is read from it without
 * asking the store, which would only answer "shipped" (the bundle's packs are the worker's; a published pack of the
 * same hash is the same content). That spares each run a local activity, its marker and a second activation. The
 * choice depends only on the code, as a replay needs: a worker whose bundle lacks the pack asks the store, and fails
 * to replay such a history, as it failed to read the pack after the store's answer before.
 */
export function pinnedSopPreparer(locate: (hash: string) => Promise<SopLocation>, bundleFirst = false): PrepareSop {
  const located = new Map<string, Promise<SopLocation>>();
  const where = (hash: string): Promise<SopLocation> => {
    let found = located.get(hash);
    if (!found) located.set(hash, (found = bundleFirst && shippedSopTexts[hash] !== undefined ? Promise.resolve<SopLocation>({ shipped: true }) : locate(hash).catch(notFound)));
    return found;
  };
  return async (pinned, factsInput, notifications = []) => {
    if (pinned.bundle) return prepareCase(pinned.bundle, factsInput, notifications);
    // Asked whatever the cache holds: the activity's place in history must not depend on what a worker had cached.
    const location = await where(pinned.hash);
    const cached = compiledSops.get(pinned.hash);
    if (cached) {
      const facts = caseFacts.parse(factsInput);
      return { sop: await cached.recompile({ facts, notifications }), facts };
    }
    const prepared = await prepareCase('published' in location ? location.published : shippedBundle(pinned.hash), factsInput, notifications);
    // Only a verified SOP is shared; a mismatch is refused by the host.
    if (prepared.sop.sopHash === pinned.hash) compiledSops.set(pinned.hash, prepared.sop);
    return prepared;
  };
}

function notFound(err: unknown): never {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'SopNotFound') throw new SopNotFound(err.cause.message);
  throw err;
}

/** For hosts given bundles (unit tests, old inputs): no store to ask. */
export const bundledSopOnly: PrepareSop = (pinned, facts, notifications = []) => {
  if (!pinned.bundle) return Promise.reject(new SopNotFound(`SOP ${pinned.hash} is pinned by hash only and this host has no SOP store`));
  return prepareCase(pinned.bundle, facts, notifications);
};
