// Back-dated events: however events arrive, the case ends up as if they had arrived in effective order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent } from '../../../rules/case-engine/index';
import type { CaseEventInput, CaseState } from '../../../rules/case-engine/index';
import { compilePunjab, DAY, firAt, HOUR, openState } from './fixtures';

const STAGE_NEUTRAL = ['ACCUSED_ARRESTED', 'ACCUSED_ABSCONDED', 'STAY_ORDERED', 'STAY_VACATED', 'PHYSICAL_REMAND_ORDERED', 'JUDICIAL_REMAND_ORDERED', 'PRODUCED_BEFORE_MAGISTRATE'];

/** What a case means, without arrival bookkeeping (sequence numbers). */
function meaning(state: CaseState): unknown {
  const { log, nextSeq: _n, ...rest } = state;
  return { ...rest, log: log.map(({ seq: _s, ...e }) => e) };
}

async function applyAll(sop: Awaited<ReturnType<typeof compilePunjab>>, events: CaseEventInput[], until: number): Promise<CaseState> {
  let state = await openState(sop);
  for (const e of events) {
    const outcome = await applyEvent(sop, state, e);
    expect(outcome.status, `${e.type} at day ${(e.at - firAt) / DAY}: ${'reason' in outcome ? outcome.reason : ''}`).toBe('applied');
    state = outcome.state;
  }
  return advanceCase(sop, state, until).state;
}

describe('back-dated events', () => {
  it('property: any arrival order of the same events gives the same case as effective order', async () => {
    const sop = await compilePunjab();
    const eventArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 30 * 24 }), { minLength: 1, maxLength: 8 })
      .chain((hours) =>
        fc.tuple(
          fc.tuple(...hours.map((h) => fc.constantFrom(...STAGE_NEUTRAL).map((type) => ({ type, at: firAt + h * HOUR })))),
          fc.boolean(),
        ),
      )
      .chain(([events, withChallan]) => {
        const all: CaseEventInput[] = events.map((e, i) => ({ id: `e${i}`, ...e }));
        // The challan at day 31 comes after every stage-neutral event, so every order is valid at its own time.
        if (withChallan) all.push({ id: 'challan', type: 'FINAL_CHALLAN_SUBMITTED', at: firAt + 31 * DAY });
        return fc.tuple(fc.constant(all), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
      });

    await fc.assert(
      fc.asyncProperty(eventArb, async ([events, arrival]) => {
        const until = firAt + 40 * DAY;
        const inOrder = await applyAll(sop, [...events].sort((a, b) => a.at - b.at), until);
        const shuffled = await applyAll(sop, arrival, until);
        expect(meaning(shuffled)).toEqual(meaning(inOrder));
      }),
      { numRuns: 60 },
    );
  });

  it('a challan back-dated before the deadline removes the breach and its escalation', async () => {
    const sop = await compilePunjab();
    let state = await openState(sop);
    state = advanceCase(sop, state, firAt + 20 * DAY).state;
    expect(state.escalations.map((e) => [e.role, e.status])).toEqual([['sho', 'open']]);

    const outcome = await applyEvent(sop, state, { id: 'late-entry', type: 'INTERIM_CHALLAN_SUBMITTED', at: firAt + 10 * DAY });
    expect(outcome.status).toBe('applied');
    expect(outcome.state.escalations).toEqual([]);
    const interim = outcome.state.clocks.find((c) => c.clockId === 'interim-report');
    expect(interim?.status).toBe('met');
    expect(interim?.late).toBeUndefined();
    expect(outcome.state.now).toBe(firAt + 20 * DAY);
  });

  it('is refused when it would make a later event invalid, and the case is unchanged', async () => {
    const sop = await compilePunjab();
    let state = await openState(sop);
    state = (await applyEvent(sop, state, { id: 'c', type: 'FINAL_CHALLAN_SUBMITTED', at: firAt + 5 * DAY })).state;
    state = (await applyEvent(sop, state, { id: 's', type: 'SCRUTINY_COMPLETED', at: firAt + 6 * DAY })).state;
    const before = JSON.stringify(state);
    // A cancellation report dated before the challan would have taken the case out of investigation.
    const outcome = await applyEvent(sop, state, { id: 'x', type: 'CANCELLATION_REPORT_SUBMITTED', at: firAt + 2 * DAY });
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' && outcome.reason).toMatch(/would make the later event FINAL_CHALLAN_SUBMITTED \(c\) invalid/);
    expect(JSON.stringify(outcome.state)).toBe(before);
  });
});
