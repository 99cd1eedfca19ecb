// Custody caps count elapsed custody time (s.167(2) "fifteen days in the whole"): with `elapsed-time` counting
// only time wholly outside police custody is excluded, so a remand pattern cannot stretch police custody past
// fifteen days the way whole-day exclusion lets it.
import { describe, expect, it } from 'vitest';
import { computeDeadline, describeClock, elapsedCounting, LegalTimeError, type DeadlineInput, type TollingInterval } from '../../../rules/legal-time/index';
import { clock, pkt } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Police custody between the remand and the deadline: elapsed time minus the time outside it. */
function custodyMs(input: DeadlineInput, dueAt: number): number {
  let outside = 0;
  for (const t of input.tolling) outside += Math.max(0, Math.min(t.to ?? Infinity, dueAt) - Math.max(t.from, input.start));
  return dueAt - input.start - outside;
}

// Physical remand ordered at 04:00 on 1 March (the day mostly in police custody); sent to judicial custody at
// 23:40 on 6 March and back on a new physical remand at 00:00 on 7 March: 20 minutes outside police custody.
const remandStart = pkt('2026-03-01 04:00');
const judicialSpell: TollingInterval = { from: pkt('2026-03-06 23:40'), to: pkt('2026-03-07 00:00'), reason: 'judicial custody' };

describe('s.167(2) physical-remand cap: elapsed-time counting', () => {
  it('whole-day exclusion lets police custody reach 16 days 19 h 40 min; elapsed-time caps it at exactly 15 days', () => {
    const old = clock(remandStart, 15, 'calendarDays', { tolling: [judicialSpell] });
    const oldDue = computeDeadline(old).dueAt!;
    expect(oldDue).toBe(pkt('2026-03-18 00:00'));
    expect(custodyMs(old, oldDue)).toBe(16 * DAY + 19 * HOUR + 40 * 60_000);

    const counted = { ...old, counting: 'elapsed-time' as const };
    const result = computeDeadline(counted);
    expect(result).toMatchObject({ unit: 'calendarDays', status: 'scheduled', dueAt: pkt('2026-03-16 04:20'), rolledForwardOver: [] });
    expect(custodyMs(counted, result.dueAt!)).toBe(15 * DAY);
    expect(result.unit !== 'hours' && result.excludedDays).toBeCloseTo(20 / (24 * 60), 10);
  });

  it('several transfers: each spell outside police custody is excluded to the minute, never a whole day', () => {
    const tolling: TollingInterval[] = [
      { from: pkt('2026-03-03 18:00'), to: pkt('2026-03-05 10:00'), reason: 'judicial custody' },
      { from: pkt('2026-03-09 21:00'), to: pkt('2026-03-10 09:30'), reason: 'judicial custody' },
    ];
    const input = clock(remandStart, 15, 'calendarDays', { tolling, counting: 'elapsed-time' });
    const result = computeDeadline(input);
    expect(result.dueAt).toBe(remandStart + 15 * DAY + 40 * HOUR + 12.5 * HOUR);
    expect(custodyMs(input, result.dueAt!)).toBe(15 * DAY);
    // The old rule drops 3 + 2 touched days here, giving 5 days more custody less the 52.5 h actually outside.
    const oldDue = computeDeadline({ ...input, counting: 'whole-days-excluded' }).dueAt!;
    expect(custodyMs(input, oldDue)).toBeGreaterThan(16 * DAY);
  });

  it('no roll-forward and no first-day exclusion: a cap on custody is running time from the remand order', () => {
    const result = computeDeadline(clock(remandStart, 15, 'calendarDays', { counting: 'elapsed-time' }));
    expect(result.dueAt).toBe(remandStart + 15 * DAY);
  });

  it('an open spell outside police custody leaves the cap paused; the day count is of custody days begun', () => {
    const input = clock(remandStart, 15, 'calendarDays', { counting: 'elapsed-time', tolling: [{ from: pkt('2026-03-04 10:00'), reason: 'judicial custody' }] });
    expect(computeDeadline(input)).toMatchObject({ status: 'paused', dueAt: null, pausedSince: { since: pkt('2026-03-04 10:00') } });
    expect(elapsedCounting(input, pkt('2026-03-01 04:00'))).toBe(0);
    expect(elapsedCounting(input, pkt('2026-03-01 05:00'))).toBe(1);
    expect(elapsedCounting(input, pkt('2026-03-20 00:00'))).toBe(4);
  });

  it('the ledger names the rule and credits each spell with its time', () => {
    const input = clock(remandStart, 15, 'calendarDays', { counting: 'elapsed-time', tolling: [{ ...judicialSpell, from: pkt('2026-03-06 12:00') }] });
    const ledger = describeClock(input, pkt('2026-03-08 12:00'));
    expect(ledger.lines).toContain('period: 15 days of running time from the start (elapsed-time counting); exactly the paused time does not count');
    expect(ledger.summary).toBe('day 7 of 15; 0.5 days excluded: judicial custody from 2026-03-06 12:00 to 2026-03-07 00:00; due 2026-03-16 16:00 (Asia/Karachi)');
  });

  it('refuses elapsed-time for working days (a working day is a whole open day)', () => {
    expect(() => computeDeadline(clock(remandStart, 3, 'workingDays', { counting: 'elapsed-time' }))).toThrow(LegalTimeError);
  });
});
