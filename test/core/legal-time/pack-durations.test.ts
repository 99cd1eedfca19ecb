// The shipped packs count time as the law does: month and year periods are calendar months (no day-count
// stand-ins), the s.167(2) police-custody cap counts elapsed time, and the loader refuses the combinations the
// calculus cannot honour.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../../rules/loader/load-sop';
import type { ClockSpec } from '../../../rules/schema/clock';
import { overlayTexts, punjabText, SOP_DIR } from '../broken-packs/helpers';

const PACKS = ['punjab/punjab-2026.1.yaml', 'punjab/punjab-2026.2-proposal.yaml', 'sindh/sindh-2026.1.yaml', 'khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml', 'balochistan/balochistan-2026.1.yaml'];

function clocksOf(file: string): ClockSpec[] {
  const result = loadBundle({ file, text: fs.readFileSync(path.join(SOP_DIR, file), 'utf8') }, [...overlayTexts]);
  if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`);
  return [...result.value.pack.clocks, ...result.value.overlays.flatMap((o) => o.clocks)];
}

// Every span N calendar months (or years) can take, in days: an encoding that counts these is a stand-in.
const MONTH_SPAN_STAND_INS = new Set([120, 121, 122, 123, 181, 182, 183, 184, 365, 366, 730, 731]);

describe('shipped packs: durations as the law states them', () => {
  it.each(PACKS)('%s: month/year periods are months/years; the s.167(2) cap counts elapsed custody time', (file) => {
    const clocks = clocksOf(file);
    for (const c of clocks) {
      if (c.duration.unit === 'calendarDays') expect(MONTH_SPAN_STAND_INS.has(c.duration.amount), `${c.id} counts ${c.duration.amount} days`).toBe(false);
    }
    const byId = new Map(clocks.map((c) => [c.id, c]));
    expect(byId.get('statutory-bail-woman-6m')?.duration).toEqual({ amount: 6, unit: 'months' });
    expect(byId.get('statutory-bail-1y')?.duration).toEqual({ amount: 1, unit: 'years' });
    expect(byId.get('statutory-bail-2y')?.duration).toEqual({ amount: 2, unit: 'years' });
    expect(byId.get('state-appeal-acquittal')?.duration).toEqual({ amount: 6, unit: 'months' });
    expect(byId.get('jjsa-trial-decision')?.duration).toEqual({ amount: 6, unit: 'months' });
    expect(byId.get('anti-rape-trial-decision')?.duration).toEqual({ amount: 4, unit: 'months' });
    const cap = byId.get('physical-remand-cap');
    expect(cap?.tolling).toMatchObject({ counting: 'elapsed-time', basis: 'statute' });
    expect(cap?.rollForward).toBe(false);
    expect(cap?.citation.section).toBe('s.167(2)');
  });
});

describe('loader: what month periods and elapsed-time counting require', () => {
  const load = (text: string) => loadBundle({ file: 'punjab-edited.yaml', text }, [...overlayTexts]);
  const capBlock = 'do not.\'\n    duration: { amount: 15, unit: calendarDays }\n    rollForward: false';

  it('the shipped Punjab pack has the block the edits below change', () => {
    expect(punjabText).toContain(capBlock);
    expect(load(punjabText).ok).toBe(true);
  });

  it('refuses elapsed-time counting with roll-forward, and for working days', () => {
    const rolled = load(punjabText.replace(capBlock, capBlock.replace('rollForward: false', 'rollForward: true')));
    expect(rolled.ok ? [] : rolled.errors.map((e) => e.message)).toContain('an elapsed-time clock is running time and never rolls forward: set rollForward: false');
    const working = load(punjabText.replace(capBlock, capBlock.replace('unit: calendarDays }', 'unit: workingDays }\n    calendar: office')));
    expect(working.ok ? [] : working.errors.map((e) => e.message)).toContain(
      'elapsed-time counting needs hours, calendarDays, months or years: a working day is a whole open day',
    );
  });

  it('a warning must come after the start for every start date: 182 days before six months is refused, 180 accepted', () => {
    const sixMonths = 'duration: { amount: 6, unit: months }\n    rollForward: false\n    warnBefore: { amount: 30, unit: calendarDays }';
    expect(punjabText).toContain(sixMonths);
    const tooEarly = load(punjabText.replace(sixMonths, sixMonths.replace('amount: 30,', 'amount: 182,')));
    expect(tooEarly.ok ? [] : tooEarly.errors.map((e) => e.message)).toContain(
      'warnBefore must be shorter than the duration, or the warning would come before the clock starts',
    );
    expect(load(punjabText.replace(sixMonths, sixMonths.replace('amount: 30,', 'amount: 180,'))).ok).toBe(true);
  });
});
