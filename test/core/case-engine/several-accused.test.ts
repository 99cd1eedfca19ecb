// Several accused in one case, each with their own custody clocks (issue 11; rules/case-engine/several-accused.md).
import { describe, expect, it } from 'vitest';
import { applyEvent, caseView, checkCaseFacts, type CaseState, type CompiledSop } from '../../../rules/case-engine/index';
import type { CaseFactsInput } from '../../../rules/schema/case-facts';
import { compilePunjab, DAY, firAt, HOUR, openState } from './fixtures';

const theft = {
  province: 'punjab' as const,
  district: 'lahore',
  policeStation: 'model-town',
  fir: { number: '301', year: 2026 },
  offence: { class: 'theft', sections: ['PPC 380'] },
  accused: { sex: 'male' as const },
  coAccused: [{ id: 'a2', sex: 'female' as const }],
} satisfies CaseFactsInput;

async function opened(facts: CaseFactsInput = theft): Promise<{ sop: CompiledSop; state: CaseState }> {
  const sop = await compilePunjab(facts);
  return { sop, state: await openState(sop, facts) };
}

async function send(step: { sop: CompiledSop; state: CaseState }, event: Parameters<typeof applyEvent>[2]) {
  const outcome = await applyEvent(step.sop, step.state, event);
  if (outcome.status === 'rejected') throw new Error(outcome.reason);
  return { sop: outcome.sop, state: outcome.state };
}

const runs = (state: CaseState, clockId: string) => state.clocks.filter((c) => c.clockId === clockId).map((c) => ({ key: c.key, accused: c.accused, status: c.status }));

describe('several accused', () => {
  it('gives each accused their own s.167 remand cap and s.167(5) check; an event changes only the person it names', async () => {
    let step = await opened();
    step = await send(step, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + HOUR, data: { accused: 'a1' }, facts: { accused: { inCustody: true } } });
    step = await send(step, { id: 'arrest-2', type: 'ACCUSED_ARRESTED', at: firAt + 2 * DAY, data: { accused: 'a2' }, facts: { accused: { inCustody: true } } });
    expect(step.state.facts.accused.inCustody).toBe(true);
    expect(step.state.facts.coAccused).toEqual([expect.objectContaining({ id: 'a2', sex: 'female', inCustody: true })]);
    step = await send(step, { id: 'remand-1', type: 'PHYSICAL_REMAND_ORDERED', at: firAt + 20 * HOUR, data: { accused: 'a1' } });
    step = await send(step, { id: 'remand-2', type: 'PHYSICAL_REMAND_ORDERED', at: firAt + 2 * DAY + 20 * HOUR, data: { accused: 'a2' } });

    // a1's runs keep the keys a single accused's always had; a2's name her.
    expect(runs(step.state, 'physical-remand-cap')).toEqual([
      { key: 'physical-remand-cap#1', accused: undefined, status: 'running' },
      { key: 'physical-remand-cap@a2#1', accused: 'a2', status: 'running' },
    ]);
    const [cap1, cap2] = step.state.clocks.filter((c) => c.clockId === 'physical-remand-cap');
    expect(cap2!.dueAt! - cap1!.dueAt!).toBe(2 * DAY);
    // s.167(5): the woman's police custody is escalated, the man's is not.
    expect(step.state.escalations.map((e) => e.id)).toEqual(['gate:woman-police-custody@a2']);
    expect(step.state.escalations[0]!.explanation.summary).toContain('accused a2');
    // The case view says whose each clock is.
    const view = caseView(step.sop, step.state, step.state.now);
    expect(view.clocks.filter((c) => c.clockId === 'physical-remand-cap').map((c) => c.accused)).toEqual(['a1', 'a2']);

    // Judicial remand for a2 pauses her cap only.
    step = await send(step, { id: 'jr-2', type: 'JUDICIAL_REMAND_ORDERED', at: firAt + 4 * DAY, data: { accused: 'a2' } });
    expect(runs(step.state, 'physical-remand-cap').map((r) => r.status)).toEqual(['running', 'paused']);
    // The s.497 clocks select themselves per person: the woman's six months, the man's year.
    expect(runs(step.state, 'statutory-bail-1y').map((r) => r.accused)).toEqual([undefined]);
    expect(runs(step.state, 'statutory-bail-woman-6m').map((r) => r.accused)).toEqual(['a2']);
  });

  it('refuses a per-accused event naming no one, or someone not in the case; a case event concerns everyone', async () => {
    const step = await opened();
    const none = await applyEvent(step.sop, step.state, { id: 'x', type: 'ACCUSED_ARRESTED', at: firAt + HOUR });
    expect(none).toMatchObject({ status: 'rejected', reason: expect.stringContaining('name them in data.accused (one of a1, a2)') as string });
    const stranger = await applyEvent(step.sop, step.state, { id: 'y', type: 'ACCUSED_ARRESTED', at: firAt + HOUR, data: { accused: 'a7' } });
    expect(stranger).toMatchObject({ status: 'rejected', reason: expect.stringContaining('a7 is not an accused') as string });
    expect(checkCaseFacts({ ...theft, coAccused: [{ id: 'a1' }] })).toMatchObject({ ok: false });
  });

  it('a case with one accused behaves as before: data.accused a1 changes nothing, and none is needed', async () => {
    const single = { ...theft, coAccused: undefined };
    const plain = await opened(single);
    const a = await send(plain, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + HOUR, facts: { accused: { inCustody: true } } });
    const b = await send(plain, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + HOUR, facts: { accused: { inCustody: true } }, data: { accused: 'a1' } });
    expect(b.state.clocks).toEqual(a.state.clocks);
    expect(a.state.clocks.every((c) => c.accused === undefined && !c.key.includes('@'))).toBe(true);
  });
});
