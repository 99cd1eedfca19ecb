// A case's workflow input pins its SOP by content hash; the worker resolves it from its SOP store. A shipped pack
// is read from the worker's bundle, so the case's history never holds the pack; a pack published to the registry
// comes in once per run, in the store's answer (a migration to it too); a hash the store does not hold refuses the case plainly.
import { temporal } from '@temporalio/proto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { applyCaseMigration, previewCaseMigration } from '../../client/migrate-case';
import { openCaseWorkflow } from '../../client/open-case';
import { contentHash } from '../../rules/compiler/content-hash';
import { loadBundleFile } from '../../sources/load-sources';
import { advanceToNowUpdate, caseEventUpdate } from '../../workflows/case-messages';
import type { caseWorkflow } from '../../workflows/case-workflow';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const DAY = 86_400_000;
const historyBytes = (h: temporal.api.history.v1.IHistory): number => temporal.api.history.v1.History.encode(h).finish().length;

describe('SOP store: cases pinned by hash', () => {
  const suite = workerForSuite('dev', 'sop-store');
  const shipped = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
  const packBytes = JSON.stringify(shipped).length;
  const facts = (fir: string) => ({ province: 'punjab', district: 'lahore', policeStation: 'sop-store', fir: { number: fir, year: 2026 }, offence: { class: 'theft' }, accused: { inCustody: true } }) as const;

  it('a shipped pack: the case runs on it, and its history carries the hash, not the pack', async () => {
    const env = suite.env();
    const tag = `${Date.now() % 1_000_000}`;
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle: shipped, facts: facts(`s${tag}`), firAt: Date.now() - DAY, taskQueue: suite.taskQueue });
    await handle.executeUpdate(caseEventUpdate, { args: [{ id: 'arrest', type: 'ACCUSED_ARRESTED' }] });
    const view = await handle.executeUpdate(advanceToNowUpdate);
    expect(view.sop).toMatchObject({ hash: contentHash(shipped), version: '2026.1' });
    const history = await handle.fetchHistory();
    expect(historyBytes(history)).toBeLessThan(packBytes / 2);
    await terminateWhenIdle(env, caseId);
  });

  it('a published pack: the worker takes it from the registry once per run, and migration to it works by hash', async () => {
    const env = suite.env();
    const tag = `${Date.now() % 1_000_000}`;
    // The same SOP as another version only the registry holds.
    const published = { ...shipped, pack: { ...shipped.pack, version: `2026.${90 + (Number(tag) % 9)}`, title: `${shipped.pack.title} (published ${tag})` } };
    expect(await suite.activities.sops.publish(published)).toMatchObject({ hash: contentHash(published), status: 'published' });
    expect(await suite.activities.sops.publish(published)).toMatchObject({ status: 'already-published' });
    expect(await suite.activities.sops.publish(shipped)).toMatchObject({ status: 'shipped' });

    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle: published, facts: facts(`p${tag}`), firAt: Date.now() - DAY, taskQueue: suite.taskQueue });
    await handle.executeUpdate(caseEventUpdate, { args: [{ id: 'arrest', type: 'ACCUSED_ARRESTED' }] });
    const view = await handle.executeUpdate(advanceToNowUpdate);
    expect(view.sop).toMatchObject({ hash: contentHash(published), version: published.pack.version });
    const localActivityMarkers = async (): Promise<number> =>
      ((await handle.fetchHistory()).events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
    // Asked once for the SOP, then once per step for the event records (from a later workflow task: wait for it).
    let markers = await localActivityMarkers();
    for (let i = 0; i < 50 && markers < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      markers = await localActivityMarkers();
    }
    expect(markers).toBeGreaterThanOrEqual(2);
    await terminateWhenIdle(env, caseId);

    // A case on the shipped pack moves to the published one, named by its hash.
    const moving = await openCaseWorkflow(env.client, { bundle: shipped, facts: facts(`m${tag}`), firAt: Date.now() - DAY, taskQueue: suite.taskQueue });
    const preview = await previewCaseMigration(env.client, moving.caseId, published);
    await applyCaseMigration(env.client, moving.caseId, published, { digest: preview.digest, by: 'sop-author', reason: 'published revision' });
    expect((await moving.handle.executeUpdate(advanceToNowUpdate)).sop).toMatchObject({ hash: contentHash(published), version: published.pack.version });
    await terminateWhenIdle(env, moving.caseId);
  });

  it('a hash the store does not hold: the case is refused with SopNotFound', async () => {
    const env = suite.env();
    const tag = `${Date.now() % 1_000_000}`;
    const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: suite.taskQueue,
      workflowId: `sop-store/unknown/${tag}`,
      args: [{ caseId: `sop-store/unknown/${tag}`, sop: { hash: `sha256:${'0'.repeat(64)}` }, facts: facts(`u${tag}`), firAt: Date.now() - DAY }],
    });
    const failure = await handle.result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'SopNotFound' });
    expect((cause as ApplicationFailure).message).toMatch(/no SOP with content hash sha256:0{64}/);
  });
});
