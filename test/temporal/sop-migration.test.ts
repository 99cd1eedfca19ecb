// A running case moves to a new SOP version only through a previewed, recorded migration.
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { CaseClientError } from '../../client/case-client-error';
import { applyCaseMigration, previewCaseMigration } from '../../client/migrate-case';
import { openCaseWorkflow } from '../../client/open-case';
import { caseEventUpdate, caseStateQuery } from '../../workflows/case-messages';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const DAY = 86_400_000;

describe('SOP migration of a running case', () => {
  const suite = workerForSuite('dev', 'migration');
  const baseline = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
  const proposal = loadBundleFile('sop-definitions/punjab/punjab-2026.2-proposal.yaml');

  it('preview changes nothing; apply needs the preview digest, re-pins the SOP and records who and why', async () => {
    const env = suite.env();
    const now = Date.now();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'shadman', fir: { number: `M${now % 1_000_000}`, year: 2026 }, offence: { class: 'theft' } } as const;
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle: baseline, facts, firAt: now - 10 * DAY, taskQueue: suite.taskQueue });
    const docs = ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan', 'recovery_memo'];
    await handle.executeUpdate(caseEventUpdate, { args: [{ id: 'challan', type: 'FINAL_CHALLAN_SUBMITTED', at: now - 4 * DAY, facts: { challan: { documents: docs } } }] });
    const before = await handle.query(caseStateQuery);

    const preview = await previewCaseMigration(env.client, caseId, proposal);
    expect(preview).toMatchObject({ applicable: true, from: { version: '2026.1' }, to: { version: '2026.2' } });
    expect(preview.clocks.map((c) => c.clockId)).toContain('scrutiny-return');
    expect((await handle.query(caseStateQuery)).sopHash).toBe(before.sopHash);

    const stale = { digest: `sha256:${'0'.repeat(64)}`, by: 'policy-cell', reason: 'notified 2026.2' };
    const refused = await applyCaseMigration(env.client, caseId, proposal, stale).catch((e: unknown) => e);
    // The client's typed error: the case refused it, in the workflow's words.
    expect(refused).toBeInstanceOf(CaseClientError);
    expect(refused).toMatchObject({ code: 'rejected' });
    expect((refused as CaseClientError).message).toMatch(/changed since that preview/);

    await applyCaseMigration(env.client, caseId, proposal, { ...stale, digest: preview.digest });
    const after = await handle.query(caseStateQuery);
    expect(after.sopHash).toBe(preview.to.sopHash);
    expect(after.migrations).toEqual([expect.objectContaining({ fromVersion: '2026.1', toVersion: '2026.2', by: 'policy-cell', reason: 'notified 2026.2' })]);
    expect(after.log.map((e) => e.id)).toEqual(before.log.map((e) => e.id));
    // Events now follow the new SOP.
    await expect(handle.executeUpdate(caseEventUpdate, { args: [{ id: 'scrutiny', type: 'SCRUTINY_COMPLETED' }] })).resolves.toMatchObject({ status: 'applied' });
    await terminateWhenIdle(env, caseId);
  });
});
