// Events as the SOP allows them: idempotent by id, refused with a reason (and no change) when not allowed.
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent } from '../../../rules/case-engine/index';
import { compilePunjab, DAY, firAt, openState } from './fixtures';

describe('case events', () => {
  it('the same event id sent twice has one effect', async () => {
    const sop = await compilePunjab();
    const state = await openState(sop);
    const once = await applyEvent(sop, state, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 });
    const twice = await applyEvent(sop, once.state, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 7_200_000 });
    expect(twice.status).toBe('duplicate');
    expect(twice.state).toBe(once.state);
    expect(twice.state.clocks.filter((c) => c.clockId === 'production-before-magistrate')).toHaveLength(1);
  });

  it('an id reused for a different event is refused as a conflict, the case unchanged', async () => {
    const sop = await compilePunjab();
    const state = await openState(sop);
    const once = await applyEvent(sop, state, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 });
    const reused = await applyEvent(sop, once.state, { id: 'arrest-1', type: 'ACCUSED_RELEASED', at: firAt + 7_200_000 });
    expect(reused).toMatchObject({ status: 'rejected', conflict: 'id-reused', reason: expect.stringMatching(/already used by a different event \(ACCUSED_ARRESTED\)/) as unknown });
    expect(reused.state).toBe(once.state);
    const otherFacts = await applyEvent(sop, once.state, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000, facts: { accused: { inCustody: true } } });
    expect(otherFacts).toMatchObject({ status: 'rejected', conflict: 'id-reused' });
  });

  it.each([
    ['wrong stage', { type: 'SCRUTINY_COMPLETED' }, /SCRUTINY_COMPLETED is not allowed in stage "investigation"; allowed now: INTERIM_CHALLAN_SUBMITTED/],
    ['unknown type', { type: 'TEA_SERVED' }, /unknown event type TEA_SERVED/],
    ['malformed facts', { type: 'ACCUSED_ARRESTED', facts: { offence: { class: 42 } } }, /facts\.offence\.class: Invalid input: expected string/],
    ['identity change', { type: 'ACCUSED_ARRESTED', facts: { district: 'multan' } }, /facts\.district identifies the case/],
    ['the FIR again', { type: 'FIR_REGISTERED' }, /registered when the case opens/],
    ['before the FIR', { type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt - DAY }, /INTERIM_CHALLAN_SUBMITTED cannot be dated before the FIR \(events that may precede it: ACCUSED_ARRESTED, NARCOTICS_SEIZED\)/],
    ['extension without the power', { type: 'CLOCK_EXTENDED', data: { clockId: 'interim-report', amount: 3, role: 'sho' } }, /the SOP gives no one the power to extend "interim-report"/],
  ])('%s → refused with a reason, the case unchanged', async (_name, partial, reason) => {
    const sop = await compilePunjab();
    const state = await openState(sop);
    const before = JSON.stringify(state);
    const outcome = await applyEvent(sop, state, { id: 'x', at: firAt + DAY, ...partial });
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' ? outcome.reason : '').toMatch(reason);
    expect(JSON.stringify(outcome.state)).toBe(before);
  });

  it('a supervisor who does not hold the task cannot act on it; the holder can, and it stops climbing', async () => {
    const sop = await compilePunjab();
    let state = advanceCase(sop, await openState(sop), firAt + 19 * DAY).state;
    const task = state.escalations[0]!;
    expect(task).toMatchObject({ role: 'sho', status: 'open' });

    const wrong = await applyEvent(sop, state, { id: 'a1', type: 'ESCALATION_ACKNOWLEDGED', at: firAt + 19 * DAY, data: { escalationId: task.id, role: 'sdpo' } });
    expect(wrong).toMatchObject({ status: 'rejected', reason: `escalation ${task.id} is with sho, not sdpo` });

    state = (await applyEvent(sop, state, { id: 'a2', type: 'ESCALATION_ACKNOWLEDGED', at: firAt + 19 * DAY, data: { escalationId: task.id, role: 'sho' } })).state;
    state = advanceCase(sop, state, firAt + 40 * DAY).state;
    expect(state.escalations[0]).toMatchObject({ role: 'sho', level: 2, status: 'acknowledged' });
  });

  it('every escalation explains itself: rule, SOP version, citation, the comparison that fired', async () => {
    const sop = await compilePunjab();
    const state = advanceCase(sop, await openState(sop), firAt + 18 * DAY).state;
    expect(state.escalations[0]!.explanation).toMatchObject({
      rule: 'interim-report',
      sopHash: sop.sopHash,
      caseSopHash: sop.caseSopHash,
      citation: { law: 'Code of Criminal Procedure 1898', section: 's.173(1) proviso', verified: true },
      comparisons: [{ operator: 'lessThanInclusive', factValue: firAt - 10 * 3_600_000 + 18 * DAY, result: true }],
    });
    expect(state.escalations[0]!.explanation.summary).toMatch(/day 17 of 17; due 2026-03-19 \(end of day, Asia\/Karachi\)/);
  });
});
