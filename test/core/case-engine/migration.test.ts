// Migrating a running case to a new SOP version: previewed (what changes) before it is applied, and recorded.
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent } from '../../../rules/case-engine/index';
import { previewMigration, recordMigration } from '../../../rules/case-engine/index';
import { loadBundleFile } from '../../../sources/load-sources';
import { compileSop } from '../../../rules/compiler/compile-sop';
import { caseFacts } from '../../../rules/schema/case-facts';
import { compilePunjab, DAY, firAt, theftInCustody, openState } from './fixtures';

const proposal = loadBundleFile('sop-definitions/punjab/punjab-2026.2-proposal.yaml');
const docs = ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan', 'recovery_memo'];

async function caseInScrutiny() {
  const sop = await compilePunjab();
  let state = await openState(sop);
  state = (await applyEvent(sop, state, { id: 'c1', type: 'FINAL_CHALLAN_SUBMITTED', at: firAt + 10 * DAY, facts: { challan: { documents: docs } } })).state;
  return { sop, state };
}

describe('SOP migration', () => {
  it('previews the re-computed clocks and escalations, changes nothing, and applies as previewed with a record', async () => {
    const { sop, state } = await caseInScrutiny();
    const late = advanceCase(sop, state, firAt + 15.5 * DAY).state; // scrutiny overdue under 2026.1 (3 days), not under the proposal (5)
    const target = await compileSop(proposal, caseFacts.parse(theftInCustody));
    const before = JSON.stringify(late);
    const { preview, next } = await previewMigration(sop, target, late, firAt + 15.5 * DAY);
    expect(JSON.stringify(late)).toBe(before);
    expect(preview).toMatchObject({ applicable: true, from: { version: sop.version }, to: { version: target.version }, stage: { before: 'scrutiny', after: 'scrutiny' } });
    const scrutiny = preview.clocks.find((c) => c.clockId === 'scrutiny-return')!;
    expect(scrutiny.after!.dueAt! - scrutiny.before!.dueAt!).toBeGreaterThan(0); // five days instead of three
    expect(scrutiny).toMatchObject({ before: { status: 'breached' }, after: { status: 'running' } });
    // Under 2026.1 the late scrutiny is already with the DDPP; under the proposal it is not late yet.
    expect(late.escalations.map((e) => e.role)).toEqual(['ddpp']);
    expect(preview.escalations).toEqual({ opened: [], closed: ['breach:scrutiny-return#1@ddpp'] });

    const migrated = recordMigration(next!, late, { at: firAt + 15.5 * DAY, fromVersion: sop.version, toVersion: target.version, by: 'policy-cell', reason: 'notified 2026.2' }).state;
    expect(migrated.sopHash).toBe(target.sopHash);
    expect(migrated.migrations).toEqual([expect.objectContaining({ fromSopHash: sop.sopHash, toSopHash: target.sopHash, by: 'policy-cell' })]);
    expect(migrated.timeline.at(-1)!.text).toMatch(/SOP migrated from 2026\.1 to 2026\.2.* by policy-cell/);
    expect(migrated.log.map((e) => e.id)).toEqual(late.log.map((e) => e.id));
  });

  it('the same case and target give the same digest; a case that moved gives another', async () => {
    const { sop, state } = await caseInScrutiny();
    const target = await compileSop(proposal, caseFacts.parse(theftInCustody));
    const a = await previewMigration(sop, target, state, firAt + 11 * DAY);
    const b = await previewMigration(sop, target, state, firAt + 11 * DAY);
    expect(a.preview.digest).toBe(b.preview.digest);
    const moved = (await applyEvent(sop, state, { id: 's1', type: 'SCRUTINY_COMPLETED', at: firAt + 12 * DAY })).state;
    expect((await previewMigration(sop, target, moved, firAt + 12 * DAY)).preview.digest).not.toBe(a.preview.digest);
  });

  it("a migration survives a later back-dated event's refold", async () => {
    const { sop, state } = await caseInScrutiny();
    const target = await compileSop(proposal, caseFacts.parse(theftInCustody));
    const { next } = await previewMigration(sop, target, state, firAt + 11 * DAY);
    const migrated = recordMigration(next!, state, { at: firAt + 11 * DAY, fromVersion: '2026.1', toVersion: '2026.2', by: 'policy-cell', reason: 'notified' }).state;
    const after = (await applyEvent(target, migrated, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + DAY })).state;
    expect(after.migrations).toHaveLength(1);
    expect(after.timeline.some((t) => t.text.startsWith('SOP migrated'))).toBe(true);
  });
});
