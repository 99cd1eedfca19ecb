// No input kills a case, on a real server: generated hostile Updates (odd ids, types and times; deep, large,
// non-finite or polluting facts and data) go straight to ONE running case workflow, past the edge's checks.
// Each is accepted (applied or duplicate) or refused with a one-line reason; after each the case is RUNNING
// with no failing workflow task, and at the end it is still read.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseView } from '../../client/case-view';
import { openCaseWorkflow } from '../../client/open-case';
import { compileSop } from '../../rules/compiler/compile-sop';
import { caseFacts } from '../../rules/schema/case-facts';
import { loadBundleFile } from '../../sources/load-sources';
import { MAX_CASE_STATE_BYTES } from '../../workflows/case-host';
import { caseEventUpdate, caseStateQuery, type CaseEventRequest } from '../../workflows/case-messages';
import { boxed, hostileRequest, overTheWire, UNSENDABLE } from '../support/hostile-requests';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const HOUR = 3_600_000;
/** An Update the worker cannot answer (a failing workflow task retries for ever) shows up as no answer. */
const ANSWER_WITHIN_MS = 10_000;

describe('hostile Updates to one running case (property, dev server)', () => {
  const suite = workerForSuite('dev', 'hostile');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('every Update is accepted or refused in one line; the case stays RUNNING and readable', { timeout: 600_000 }, async () => {
    const env = suite.env();
    const firAt = Date.now() - 30 * 24 * HOUR;
    const year = new Date(firAt + 5 * HOUR).getUTCFullYear();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'edge-f', fir: { number: `43${firAt % 100000}`, year }, offence: { class: 'theft' }, accused: { inCustody: true } } as const;
    const sop = await compileSop(bundle, caseFacts.parse(facts));
    const vocab = { eventTypes: sop.eventTypes.map((e) => e.type), documentIds: sop.documentIds, firAt };
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue: suite.taskQueue });

    // What the fuzz found first, pinned: an event dated in year 275760 (once applied, no view could be
    // computed), an event type of 200,000 letters and a data key of 20,000 (once echoed whole in the refusal).
    const refusal = (request: unknown): Promise<string> =>
      handle.executeUpdate(caseEventUpdate, { args: [request as CaseEventRequest] }).then(
        (reply) => `accepted: ${reply.status}`,
        (err: unknown) => (err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? '') : `not an update failure: ${String(err)}`),
      );
    expect(await refusal({ id: 'far', type: 'NARCOTICS_SEIZED', at: 8.64e15 })).toMatch(/^at: must be an instant before 2200/);
    expect(await refusal({ id: 'long', type: `A${'B'.repeat(200_000)}` })).toMatch(/^type: must be at most 80 characters$/);
    expect(await refusal({ id: 'key', type: 'ESCALATION_ACKNOWLEDGED', data: { ['k'.repeat(20_000)]: 1 } })).toMatch(/^data: unknown field "k{40}…"$/);
    expect(await caseView(env.client, caseId)).toMatchObject({ stage: { id: 'investigation' } });

    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(boxed(hostileRequest(vocab, { maxDepth: 1_000, maxLength: 20_000 })), async ({ value: request }) => {
        // What Temporal's payload converter cannot encode never reaches the case (the edge refuses it first).
        fc.pre(overTheWire(request) !== UNSENDABLE);
        const outcome = await Promise.race([
          handle.executeUpdate(caseEventUpdate, { args: [request as CaseEventRequest] }).then(
            (reply) => ({ reply }),
            (err: unknown) => ({ err }),
          ),
          new Promise<{ timedOut: true }>((resolve) => setTimeout(() => resolve({ timedOut: true }), ANSWER_WITHIN_MS)),
        ]);
        expect(outcome, 'no answer: is the workflow task failing?').not.toHaveProperty('timedOut');
        if ('reply' in outcome) {
          expect(['applied', 'duplicate']).toContain(outcome.reply.status);
          seen.accepted++;
        } else if ('err' in outcome) {
          // Not an Update failure: typically WorkflowNotFoundError, the case workflow itself has stopped.
          expect(outcome.err, `the case workflow answered no Update: ${String(outcome.err)}`).toBeInstanceOf(WorkflowUpdateFailedError);
          const message = (outcome.err as WorkflowUpdateFailedError).cause?.message ?? '';
          expect(message).not.toBe('');
          expect(message).not.toMatch(/[\n\r]/);
          expect(message.length).toBeLessThanOrEqual(600); // a reason, never the request echoed back
          seen.refused++;
        }
        const d = await handle.describe();
        expect(d.status.name).toBe('RUNNING');
        // A handler that threw anything but a refusal fails the workflow task, which then retries: attempt > 1.
        expect(d.raw.pendingWorkflowTask?.attempt ?? 1).toBeLessThanOrEqual(1);
      }),
      // Fixed in CI; `SOPFLOW_FUZZ_RUNS=300 SOPFLOW_FUZZ_SEED=random` explores further by hand. This seed's 160
      // runs once FAILED the case workflow: an event dated a year ahead raised tasks, a back-dated one changed an
      // escalation whose task had finished, and the signal to that task failed the case.
      { numRuns: Number(process.env.SOPFLOW_FUZZ_RUNS ?? 160), ...(process.env.SOPFLOW_FUZZ_SEED === 'random' ? {} : { seed: -316640286 }) },
    );
    console.info(`hostile Updates: ${seen.accepted} accepted, ${seen.refused} refused`);
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);

    expect((await handle.describe()).status.name).toBe('RUNNING');
    const view = await caseView(env.client, caseId);
    expect(typeof view.stage.id).toBe('string');
    expect(JSON.stringify(await handle.query(caseStateQuery)).length).toBeLessThanOrEqual(MAX_CASE_STATE_BYTES);
    await terminateWhenIdle(env, caseId);
  });
});
