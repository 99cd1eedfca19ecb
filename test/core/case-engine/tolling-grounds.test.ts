// Tolling grounds as a set: with any interleaving of stays and absconding, a clock's due time is the one the
// legal-time calculus gives for the union of the grounds' intervals, and it is paused exactly while a ground holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceCase, applyEvent, caseView, type CaseEffect, type CaseState } from '../../../rules/case-engine/index';
import { computeDeadline, unionOfTolling, type TollingInterval } from '../../../rules/legal-time/index';
import { compilePunjab, firAt, HOUR, openState } from './fixtures';

const GROUNDS = {
  stay: { begin: 'STAY_ORDERED', end: 'STAY_VACATED' },
  absconding: { begin: 'ACCUSED_ABSCONDED', end: 'ACCUSED_ARRESTED' },
} as const;
type Ground = keyof typeof GROUNDS;

const stepArb = fc.record({
  ground: fc.constantFrom<Ground>('stay', 'absconding'),
  begin: fc.boolean(),
  gapMinutes: fc.integer({ min: 0, max: 30 * 60 }),
});

describe('tolling grounds', () => {
  it('any interleaving of grounds: due time = the calculus on the union of the intervals; paused while any ground holds', async () => {
    const sop = await compilePunjab({ province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '9', year: 2026 }, offence: { class: 'theft' } });
    const spec = sop.clocks.find((c) => c.id === 'investigation')!;
    const calendar = sop.calendars.find((c) => c.id === spec.calendar)!;
    const opened = await openState(sop, { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '9', year: 2026 }, offence: { class: 'theft' } });
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        let state: CaseState = opened;
        let at = firAt + HOUR;
        const open = new Map<Ground, number>();
        const intervals: TollingInterval[] = [];
        for (const [i, step] of steps.entries()) {
          at += step.gapMinutes * 60_000;
          const outcome = await applyEvent(sop, state, { id: `e${i}`, type: step.begin ? GROUNDS[step.ground].begin : GROUNDS[step.ground].end, at });
          expect(outcome.status).toBe('applied');
          state = outcome.state;
          // The model: each ground is on or off, on its own.
          if (step.begin && !open.has(step.ground)) open.set(step.ground, at);
          if (!step.begin && open.has(step.ground)) {
            if (at > open.get(step.ground)!) intervals.push({ from: open.get(step.ground)!, to: at, reason: step.ground });
            open.delete(step.ground);
          }
          const clock = state.clocks.find((c) => c.clockId === 'investigation')!;
          expect(clock.status).toBe(open.size > 0 ? 'paused' : 'running');
          expect(clock.pauses.filter((p) => p.to === undefined).map((p) => p.ground).sort()).toEqual([...open.keys()].sort());
        }
        const tolling = [...intervals, ...[...open.entries()].map(([g, from]) => ({ from, reason: g }))];
        const expected = computeDeadline({ start: firAt, duration: spec.duration, calendar, rollForward: spec.rollForward, tolling: unionOfTolling(tolling), extensions: [] });
        const clock = state.clocks.find((c) => c.clockId === 'investigation')!;
        expect(clock.dueAt).toBe(expected.dueAt);
      }),
      { numRuns: 60 },
    );
  });

  it('a second ground while paused, then the first ends: recorded as ground-added / ground-ended effects; the last ends: resumed', async () => {
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '9', year: 2026 }, offence: { class: 'theft' } } as const;
    const sop = await compilePunjab(facts);
    let state = await openState(sop, facts);
    const effects: CaseEffect[] = [];
    for (const [i, type] of ['STAY_ORDERED', 'ACCUSED_ABSCONDED', 'ACCUSED_ARRESTED', 'STAY_VACATED'].entries()) {
      const outcome = await applyEvent(sop, state, { id: `e${i}`, type, at: firAt + (i + 1) * 24 * HOUR });
      state = outcome.state;
      effects.push(...outcome.effects);
    }
    const investigation = effects.filter((e) => e.type === 'clock' && e.clockId === 'investigation' && e.change !== 'started');
    expect(investigation.map((e) => e.type === 'clock' && [e.change, e.ground, e.grounds])).toEqual([
      ['paused', 'stay', ['stay']],
      ['ground-added', 'absconding', ['stay', 'absconding']],
      ['ground-ended', 'absconding', ['stay']],
      ['resumed', 'stay', []],
    ]);
    expect(advanceCase(sop, state, firAt + 6 * 24 * HOUR).state.clocks.find((c) => c.clockId === 'investigation')!.status).toBe('running');
  });

  it('the case view shows the grounds holding a clock, and its ledger names each', async () => {
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '9', year: 2026 }, offence: { class: 'theft' } } as const;
    const sop = await compilePunjab(facts);
    let state = await openState(sop, facts);
    for (const [i, type] of ['STAY_ORDERED', 'ACCUSED_ABSCONDED'].entries()) state = (await applyEvent(sop, state, { id: `e${i}`, type, at: firAt + (i + 1) * 24 * HOUR })).state;
    const view = caseView(sop, state, firAt + 3 * 24 * HOUR).clocks.find((c) => c.clockId === 'investigation')!;
    expect(view.grounds).toEqual(['stay', 'absconding']);
    expect(view.ledger.summary).toMatch(/paused since 2026-03-03 \(ground stay \(STAY_ORDERED\) \+ ground absconding \(ACCUSED_ABSCONDED\)\)/);
  });
});
