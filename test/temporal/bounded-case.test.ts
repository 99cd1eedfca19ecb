// No input may kill a case. The outside probe's reproduction (issue: a user's own facts made `case show`'s
// reply pass Temporal's 2 MiB limit, and the server terminated the workflow) and every limit behind it: facts
// checked against the pack, each event's facts bounded, the case record bounded, reads answered as bounded
// views, and continue-as-new on history bytes. Past every limit the case is still running and readable.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { caseView } from '../../client/case-view';
import { openCaseWorkflow } from '../../client/open-case';
import { contentHash } from '../../rules/compiler/content-hash';
import { loadBundleFile } from '../../sources/load-sources';
import { MAX_CASE_STATE_BYTES } from '../../workflows/case-host';
import { caseEventUpdate, caseStateQuery, type CaseEventRequest } from '../../workflows/case-messages';
import { caseWorkflowId, firIdentity } from '../../workflows/case-identity';
import type { caseWorkflow } from '../../workflows/case-workflow';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const HOUR = 3_600_000;

describe('a case past every limit stays running and readable', () => {
  const suite = workerForSuite('dev', 'bounded');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
  const status = async (caseId: string): Promise<string> => {
    const d = await suite.env().client.workflow.getHandle(caseId).describe();
    return d.status.name;
  };
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause?.message ?? '';
  };

  it('the reproduction: 18 events of 10,500 documents each are refused at the door; the case runs on', { timeout: 300_000 }, async () => {
    const env = suite.env();
    const firAt = Date.now() - 2 * HOUR;
    const year = new Date(firAt + 5 * HOUR).getUTCFullYear();
    const { caseId, handle } = await openCaseWorkflow(env.client, {
      bundle,
      facts: { province: 'punjab', district: 'lahore', policeStation: 'edge-g', fir: { number: `40${firAt % 100000}`, year }, offence: { class: 'theft' } },
      firAt,
      taskQueue: suite.taskQueue,
    });
    const big = { challan: { documents: Array.from({ length: 10_500 }, () => 'fir_copy') } };
    for (let k = 1; k <= 18; k++) {
      expect(await refusal(handle.executeUpdate(caseEventUpdate, { args: [{ id: `big-${k}`, type: 'ACCUSED_ARRESTED', facts: big }] }))).toMatch(/^facts: is larger than 32 KiB of JSON$/);
    }
    // Under the size bound, but not the pack's documents, or a document twice: refused by its field path.
    expect(await refusal(handle.executeUpdate(caseEventUpdate, { args: [{ id: 'odd', type: 'ACCUSED_ARRESTED', facts: { challan: { documents: ['fir_copy', 'my_own_paper'] } } }] }))).toMatch(
      /^facts\.challan\.documents\[1\]: "my_own_paper" is not a document of the SOP; one of: fir_copy/,
    );
    expect(await refusal(handle.executeUpdate(caseEventUpdate, { args: [{ id: 'twice', type: 'ACCUSED_ARRESTED', facts: { challan: { documents: ['fir_copy', 'fir_copy'] } } }] }))).toMatch(/documents\[1\]: "fir_copy" is listed twice/);
    expect(await status(caseId)).toBe('RUNNING');
    const view = await caseView(env.client, caseId);
    expect(view.stage.id).toBe('investigation');
    expect((await handle.query(caseStateQuery)).log.map((e) => e.id)).toEqual(['fir']);
    await terminateWhenIdle(env, caseId);
  });

  it('the case record is bounded: an event that would overfill it is refused, the case is still read', { timeout: 600_000 }, async () => {
    const env = suite.env();
    const firAt = Date.now() - 400 * HOUR;
    const year = new Date(firAt + 5 * HOUR).getUTCFullYear();
    const { caseId, handle } = await openCaseWorkflow(env.client, {
      bundle,
      facts: { province: 'punjab', district: 'lahore', policeStation: 'edge-h', fir: { number: `41${firAt % 100000}`, year }, offence: { class: 'theft' } },
      firAt,
      taskQueue: suite.taskQueue,
    });
    // Each event carries ~30 KiB of scrutiny objections (under the per-event bound), so the record fills up.
    const objections = (k: number): string[] => Array.from({ length: 30 }, (_, i) => `objection ${k}.${i}: ${'x'.repeat(960)}`);
    let applied = 0;
    let refusedWith = '';
    for (let k = 0; k < 60 && !refusedWith; k++) {
      const event: CaseEventRequest = { id: `arrest-${k}`, type: 'ACCUSED_ARRESTED', at: firAt + (k + 1) * HOUR, facts: { scrutiny: { objections: objections(k) } } };
      try {
        await handle.executeUpdate(caseEventUpdate, { args: [event] });
        applied++;
      } catch (err) {
        refusedWith = (err as WorkflowUpdateFailedError).cause?.message ?? String(err);
      }
    }
    expect(refusedWith).toMatch(/^the case record is full \(over 1024 KiB\): the event was not applied/);
    expect(applied).toBeGreaterThan(10);
    expect(await status(caseId)).toBe('RUNNING');
    const state = await handle.query(caseStateQuery);
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(MAX_CASE_STATE_BYTES);
    expect(state.log).toHaveLength(applied + 1);
    // The read a person makes is a view: bounded, and still answered.
    const view = await caseView(env.client, caseId);
    expect(JSON.stringify(view).length).toBeLessThan(2 * MAX_CASE_STATE_BYTES);
    // An ordinary event still goes in.
    await expect(handle.executeUpdate(caseEventUpdate, { args: [{ id: 'interim', type: 'INTERIM_CHALLAN_SUBMITTED' }] })).resolves.toMatchObject({ status: 'applied' });
    await terminateWhenIdle(env, caseId);
  });

  it('continues as new on history bytes, not only on event counts, and carries the case across', { timeout: 300_000 }, async () => {
    const env = suite.env();
    const firAt = Date.now() - 100 * HOUR;
    const year = new Date(firAt + 5 * HOUR).getUTCFullYear();
    const fir = firIdentity.parse({ province: 'punjab', district: 'lahore', policeStation: 'edge-i', firNumber: `42${firAt % 100000}`, year });
    const caseId = caseWorkflowId(fir);
    // A lowered threshold (a test knob of the workflow input) shows the mechanism without megabytes of history.
    const handle = await env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      taskQueue: suite.taskQueue,
      workflowId: caseId,
      args: [{ caseId, sop: { hash: contentHash(bundle) }, facts: { province: 'punjab', district: 'lahore', policeStation: 'edge-i', fir: { number: fir.firNumber, year }, offence: { class: 'theft' } }, firAt, limits: { continueAsNewBytes: 256 * 1024 } }],
    });
    const firstRun = (await handle.describe()).runId;
    for (let k = 0; k < 24; k++) {
      const objections = Array.from({ length: 20 }, (_, i) => `objection ${k}.${i}: ${'y'.repeat(900)}`);
      await handle.executeUpdate(caseEventUpdate, { args: [{ id: `arrest-${k}`, type: 'ACCUSED_ARRESTED', at: firAt + (k + 1) * HOUR, facts: { scrutiny: { objections } } }] });
    }
    // The run moves on once its lanes have delivered, which takes a later workflow task (StepLanes): wait for it.
    let latest = await handle.describe();
    for (let i = 0; i < 100 && latest.runId === firstRun; i++) {
      await new Promise((r) => setTimeout(r, 100));
      latest = await handle.describe();
    }
    expect(latest.runId).not.toBe(firstRun);
    // A few runs, not one per event: each run counts the bytes it added, not the case it carried in.
    const runs = await env.client.workflow.count(`WorkflowId = '${caseId}'`);
    expect(runs.count).toBeGreaterThan(1);
    expect(runs.count).toBeLessThan(8);
    expect(latest.status.name).toBe('RUNNING');
    const firstHistory = await env.client.workflow.getHandle(caseId, firstRun).fetchHistory();
    expect(firstHistory.events?.length).toBeLessThan(500); // continued on bytes, long before the event-count threshold
    expect(firstHistory.events?.at(-1)?.eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    const state = await env.client.workflow.getHandle(caseId).query(caseStateQuery);
    expect(state.log.filter((e) => e.id.startsWith('arrest-'))).toHaveLength(24);
    await terminateWhenIdle(env, caseId);
  });
});
