// Overlays and clock applicability follow the facts learnt after the FIR (issue 11, defect 2).
import { describe, expect, it } from 'vitest';
import { applyEvent, type CaseState, type CompiledSop } from '../../../rules/case-engine/index';
import type { CaseFactsInput } from '../../../rules/schema/case-facts';
import { compilePunjab, DAY, firAt, HOUR, openState } from './fixtures';

const robbery = {
  province: 'punjab' as const,
  district: 'lahore',
  policeStation: 'model-town',
  fir: { number: '90', year: 2026 },
  offence: { class: 'robbery', sections: ['PPC 392'], heinous: true },
} satisfies CaseFactsInput;

async function opened(): Promise<{ sop: CompiledSop; state: CaseState }> {
  const sop = await compilePunjab(robbery);
  return { sop, state: await openState(sop, robbery) };
}

const clock = (state: CaseState, id: string) => state.clocks.filter((c) => c.clockId === id).at(-1);

describe('overlays follow the facts', () => {
  it('a juvenile found after the arrest brings the JJSA overlay in, its custody clock from the arrest, with the reason recorded', async () => {
    const { sop, state } = await opened();
    const arrested = await applyEvent(sop, state, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + 2 * HOUR, facts: { accused: { inCustody: true } } });
    expect(arrested.sop.caseSopHash).toBe(sop.caseSopHash);
    expect(clock(arrested.state, 'statutory-bail-1y')?.status).toBe('running');

    const found = await applyEvent(arrested.sop, arrested.state, { id: 'age', type: 'PRODUCED_BEFORE_MAGISTRATE', at: firAt + DAY, facts: { accused: { juvenile: true } } });
    expect(found.status).toBe('applied');
    expect(found.sop.overlays.filter((o) => o.applied).map((o) => o.id)).toEqual(['jjsa-2018']);
    expect(found.sop.caseSopHash).not.toBe(sop.caseSopHash);
    expect(found.state.caseSopHash).toBe(found.sop.caseSopHash);
    expect(clock(found.state, 'jjsa-heinous-detention')).toMatchObject({ status: 'running', startedAt: firAt + 2 * HOUR, startedBy: 'ACCUSED_ARRESTED' });
    expect(clock(found.state, 'statutory-bail-1y')?.status).toBe('cancelled');

    const change = found.effects.find((e) => e.type === 'overlays-changed');
    expect(change).toMatchObject({ added: ['jjsa-2018'], removed: [], fromCaseSopHash: sop.caseSopHash, toCaseSopHash: found.sop.caseSopHash });
    expect(change && 'reason' in change ? change.reason : '').toContain('accused.juvenile = true');
    expect(found.state.timeline.some((t) => t.kind === 'sop' && t.text.includes('+jjsa-2018') && t.text.includes('PRODUCED_BEFORE_MAGISTRATE (age)'))).toBe(true);
    expect(found.effects.some((e) => e.type === 'clock' && e.clockId === 'jjsa-heinous-detention' && e.change === 'started')).toBe(true);
  });

  it('the event that reveals a juvenile is checked by the JJSA gates on that very event (guardian and probation officer told)', async () => {
    const { sop, state } = await opened();
    const arrested = await applyEvent(sop, state, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + 2 * HOUR, facts: { accused: { inCustody: true } } });
    const found = await applyEvent(arrested.sop, arrested.state, { id: 'age', type: 'PRODUCED_BEFORE_MAGISTRATE', at: firAt + DAY, facts: { accused: { juvenile: true } } });
    const gate = found.state.gateResults.find((g) => g.gateId === 'jjsa-guardian-probation-officer');
    expect(gate).toMatchObject({ eventId: 'age', passed: false });
    expect(gate?.objections.map((o) => o.code).sort()).toEqual(['guardian-not-informed', 'probation-officer-not-informed']);
    const escalation = found.state.escalations.find((e) => e.id === 'gate:jjsa-guardian-probation-officer');
    expect(escalation).toMatchObject({ role: 'sho', status: 'open' });
    // The explanation names the SOP the gate came from: the one the revealed facts select.
    expect(escalation?.explanation.caseSopHash).toBe(found.sop.caseSopHash);
    // Told at production: the same event passes its own gate.
    const told = await applyEvent(arrested.sop, arrested.state, {
      id: 'age',
      type: 'PRODUCED_BEFORE_MAGISTRATE',
      at: firAt + DAY,
      facts: { accused: { juvenile: true, guardianInformed: true, probationOfficerInformed: true } },
    });
    expect(told.state.gateResults.find((g) => g.gateId === 'jjsa-guardian-probation-officer')?.passed).toBe(true);
    expect(told.state.escalations).toEqual([]);
  });

  it('a breach of a clock brought in late explains the SOP change, and a back-dated event re-derives the same overlays', async () => {
    const { sop, state } = await opened();
    const arrested = await applyEvent(sop, state, { id: 'arrest', type: 'ACCUSED_ARRESTED', at: firAt + HOUR, facts: { accused: { inCustody: true } } });
    // Learnt seven months later: the detention clock started at the arrest is already over six months.
    const late = await applyEvent(arrested.sop, arrested.state, { id: 'age', type: 'PRODUCED_BEFORE_MAGISTRATE', at: firAt + 213 * DAY, facts: { accused: { juvenile: true } } });
    expect(clock(late.state, 'jjsa-heinous-detention')?.status).toBe('breached');
    const escalation = late.state.escalations.find((e) => e.id.startsWith('breach:jjsa-heinous-detention'));
    expect(escalation?.explanation.caseSopHash).toBe(late.sop.caseSopHash);
    expect(escalation?.explanation.sopBasis).toContain('Juvenile Justice System Act 2018');

    const backDated = await applyEvent(late.sop, late.state, { id: 'stay', type: 'STAY_ORDERED', at: firAt + 10 * DAY });
    expect(backDated.status).toBe('applied');
    expect(backDated.sop.caseSopHash).toBe(late.sop.caseSopHash);
    expect(backDated.state.caseSopHash).toBe(late.sop.caseSopHash);
    expect(clock(backDated.state, 'jjsa-heinous-detention')?.startedAt).toBe(firAt + HOUR);
  });

  it('terrorism sections added later bring the ATA overlay in: the s.173 clock gives way, the ATA report runs from the FIR', async () => {
    const { sop, state } = await opened();
    const added = await applyEvent(sop, state, { id: 'ata', type: 'ACCUSED_ARRESTED', at: firAt + 3 * DAY, facts: { offence: { terrorism: true, sections: ['ATA 7', 'PPC 392'] } } });
    expect(added.sop.overlays.filter((o) => o.applied).map((o) => o.id)).toEqual(['ata-1997']);
    expect(clock(added.state, 'investigation')?.status).toBe('cancelled');
    expect(clock(added.state, 'ata-investigation-report')).toMatchObject({ status: 'running', startedAt: firAt, startedBy: 'FIR_REGISTERED' });
  });
});
