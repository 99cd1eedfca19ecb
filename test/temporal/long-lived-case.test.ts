// Trials last years: a case pushed through 500 hearings and adjournments continues as new (more than once) and
// carries its state, clocks, open escalations and task bookkeeping across, with event ids still idempotent.
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { openCaseWorkflow } from '../../client/open-case';
import { caseEventUpdate, caseStateQuery, type CaseEventRequest } from '../../workflows/case-messages';
import { taskWorkflowId } from '../../workflows/case-identity';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const DAY = 86_400_000;
const HEARINGS = 500;

describe('a long-lived case', () => {
  const suite = workerForSuite('dev', 'long-lived');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it(`${HEARINGS} hearings and adjournments: continue-as-new carries the case across runs`, { timeout: 600_000 }, async () => {
    // On the dev server: the time-skipping test server stalls a continue-as-new that races an incoming update,
    // where a real server hands the update to the new run. The FIR is four years old, so the trial's events
    // arrive now and the custody clocks have long breached.
    const env = suite.env();
    const now = Date.now();
    const firAt = now - 4 * 365 * DAY;
    const { caseId, handle } = await openCaseWorkflow(env.client, {
      bundle,
      facts: { province: 'punjab', district: 'lahore', policeStation: 'civil-lines', fir: { number: `L${now % 1_000_000}`, year: new Date(firAt + 5 * 3_600_000).getUTCFullYear() }, offence: { class: 'theft', sections: ['PPC 381'] } },
      firAt,
      // Four years old: beyond the pack's intake bound, so the opening is confirmed.
      acceptOld: true,
      taskQueue: suite.taskQueue,
    });
    const send = async (event: CaseEventRequest): Promise<string> => (await handle.executeUpdate(caseEventUpdate, { args: [event] })).status;
    const docs = ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan', 'recovery_memo'];
    expect(await send({ id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + DAY, facts: { accused: { inCustody: true } } })).toBe('applied');
    expect(await send({ id: 'challan', type: 'FINAL_CHALLAN_SUBMITTED', at: firAt + 10 * DAY, facts: { challan: { documents: docs } } })).toBe('applied');
    expect(await send({ id: 'scrutiny', type: 'SCRUTINY_COMPLETED', at: firAt + 12 * DAY })).toBe('applied');
    expect(await send({ id: 'filed', type: 'CHALLAN_FILED_IN_COURT', at: firAt + 14 * DAY })).toBe('applied');
    expect(await send({ id: 'charge', type: 'CHARGE_FRAMED', at: firAt + 30 * DAY })).toBe('applied');

    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < HEARINGS; i++) {
      const type = i % 3 === 0 ? 'HEARING_ADJOURNED' : i % 3 === 1 ? 'HEARING_HELD' : 'WITNESS_ABSENT';
      expect(await send({ id: `hearing-${i}`, type })).toBe('applied');
    }
    // An id seen before the runs changed is still a duplicate.
    expect(await send({ id: 'hearing-0', type: 'HEARING_ADJOURNED' })).toBe('duplicate');

    const latest = await handle.describe();
    expect(latest.runId).not.toBe(firstRun);
    const firstHistory = await env.client.workflow.getHandle(caseId, firstRun).fetchHistory();
    expect(firstHistory.events?.at(-1)?.eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

    const state = await handle.query(caseStateQuery);
    expect(state.stage).toBe('trial');
    expect(state.log.filter((e) => e.id.startsWith('hearing-'))).toHaveLength(HEARINGS);
    expect(new Set(state.log.map((e) => e.id)).size).toBe(state.log.length);
    // Custody clocks and their escalations survived every run, and each has exactly one task workflow.
    const breached = state.clocks.filter((c) => c.clockId.startsWith('statutory-bail') && c.status === 'breached');
    expect(breached.length).toBeGreaterThan(0);
    const open = state.escalations.filter((e) => e.status === 'open' || e.status === 'acknowledged');
    expect(open.length).toBeGreaterThan(0);
    for (const e of open) {
      const task = await env.client.workflow.getHandle(taskWorkflowId(caseId, e.id)).describe();
      expect(task.status.name).toBe('RUNNING');
    }
    await terminateWhenIdle(env, caseId);
    for (const e of state.escalations) await terminateWhenIdle(env, taskWorkflowId(caseId, e.id));
  });
});
