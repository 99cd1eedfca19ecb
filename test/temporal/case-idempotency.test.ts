// Idempotency and refusals through the real case workflow (time-skipping server).
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { openCaseWorkflow } from '../../client/open-case';
import { advanceToNowUpdate, caseEventUpdate, caseStateQuery } from '../../workflows/case-messages';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

describe('the case workflow: one FIR, one case; one event id, one effect', () => {
  const suite = workerForSuite('timeSkipping', 'idempotency');
  const { taskQueue } = suite;
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('opening the same FIR twice gives the same running case, and the same event twice has one effect', async () => {
    const env = suite.env();
    const firAt = await env.currentTimeMs();
    const facts = { province: 'punjab', district: 'Lahore', policeStation: 'Model Town', fir: { number: `${firAt % 100000}`, year: 2026 }, offence: { class: 'theft' } } as const;
    const first = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue });
    const second = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue });
    expect(second.caseId).toBe(first.caseId);
    expect((await second.handle.describe()).runId).toBe((await first.handle.describe()).runId);
    expect(first.caseId).toBe(`case/punjab/lahore/model-town/${facts.fir.number}-2026`);

    const arrest = { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 };
    await expect(first.handle.executeUpdate(caseEventUpdate, { args: [arrest] })).resolves.toMatchObject({ status: 'applied' });
    await expect(first.handle.executeUpdate(caseEventUpdate, { args: [arrest] })).resolves.toMatchObject({ status: 'duplicate' });
    await first.handle.executeUpdate(advanceToNowUpdate);
    const state = await first.handle.query(caseStateQuery);
    expect(state.log.filter((e) => e.id === 'arrest-1')).toHaveLength(1);
    expect(state.clocks.filter((c) => c.clockId === 'production-before-magistrate')).toHaveLength(1);
    await terminateWhenIdle(env, first.caseId);
  });

  it.each([
    ['wrong stage', { id: 'x1', type: 'SCRUTINY_COMPLETED' }, /SCRUTINY_COMPLETED is not allowed in stage "investigation"/],
    ['unknown type', { id: 'x2', type: 'TEA_SERVED' }, /unknown event type TEA_SERVED/],
    ['malformed data', { id: 'x3', type: 'ACCUSED_ARRESTED', facts: { offence: { class: 42 } } }, /facts\.offence\.class: Invalid input: expected string/],
    ['malformed request', { id: 'has spaces', type: 'ACCUSED_ARRESTED' }, /id: must be 1–120 letters/],
    // The FIR's registration is logged as "fir": an event under that id would be dropped as a duplicate.
    ['reserved id', { id: 'fir', type: 'ACCUSED_ARRESTED' }, /id: is reserved for the case’s own events/],
  ])('a rejected event (%s) returns a clear reason and leaves the case unchanged', async (_name, event, reason) => {
    const env = suite.env();
    const firAt = await env.currentTimeMs();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'city', fir: { number: `r${firAt % 100000}`, year: 2026 }, offence: { class: 'theft' } } as const;
    const { handle } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue });
    await handle.executeUpdate(advanceToNowUpdate);
    const before = await handle.query(caseStateQuery);
    const error = await handle.executeUpdate(caseEventUpdate, { args: [event as never] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause?.message).toMatch(reason);
    expect(await handle.query(caseStateQuery)).toEqual(before);
    await terminateWhenIdle(env, handle.workflowId);
  });
});
