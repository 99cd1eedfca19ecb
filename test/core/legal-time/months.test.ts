// Calendar months and years (General Clauses Act 1897 s.3(35)): the corresponding-date rule, month ends, leap
// years, and how tolling, extensions and roll-forward compose with a month period.
import { describe, expect, it } from 'vitest';
import { computeDeadline, describeClock, monthSpanDays } from '../../../rules/legal-time/index';
import { clock, pkt, punjabCourts } from './fixtures';

const due = (start: string, amount: number, unit: 'months' | 'years'): number | null => computeDeadline(clock(pkt(start), amount, unit)).dueAt;

describe('months are British calendar months, the day of the start not counted', () => {
  it('a woman arrested on 10 March: six months end at the end of 10 September, not on 7 September (181 days)', () => {
    expect(due('2026-03-10 14:00', 6, 'months')).toBe(pkt('2026-09-11 00:00'));
    // The old encoding: 181 days from 10 March end on 7 September, breached at 00:00 on 8 September.
    expect(computeDeadline(clock(pkt('2026-03-10 14:00'), 181, 'calendarDays')).dueAt).toBe(pkt('2026-09-08 00:00'));
  });

  it('a start at 00:00 or 23:59 on the day gives the same deadline (the start day is excluded whole)', () => {
    expect(due('2026-03-10 00:00', 6, 'months')).toBe(due('2026-03-10 23:59', 6, 'months'));
  });

  it('no corresponding day: the period ends on the last day of the month (31 Aug + 6 months → end of February)', () => {
    expect(due('2026-08-31 09:00', 6, 'months')).toBe(pkt('2027-03-01 00:00'));
    // 2028 is a leap year: 29 February is the last day.
    expect(due('2027-08-31 09:00', 6, 'months')).toBe(pkt('2028-03-01 00:00'));
    expect(due('2027-08-29 09:00', 6, 'months')).toBe(pkt('2028-03-01 00:00'));
    expect(due('2027-08-28 09:00', 6, 'months')).toBe(pkt('2028-02-29 00:00'));
    expect(due('2026-01-30 09:00', 1, 'months')).toBe(pkt('2026-03-01 00:00'));
  });

  it('a year is twelve months: 29 Feb 2028 + 1 year ends on 28 Feb 2029; two years from 10 March end on 10 March', () => {
    expect(due('2028-02-29 12:00', 1, 'years')).toBe(pkt('2029-03-01 00:00'));
    expect(due('2026-03-10 12:00', 2, 'years')).toBe(pkt('2028-03-11 00:00'));
    expect(due('2026-03-10 12:00', 1, 'years')).toBe(due('2026-03-10 12:00', 12, 'months'));
  });

  it('six months span 181 to 184 days depending on the start; a check that must hold for every start uses the bounds', () => {
    expect(monthSpanDays(6)).toEqual({ shortest: 181, longest: 184 });
    expect(monthSpanDays(12)).toEqual({ shortest: 365, longest: 366 });
  });
});

describe('tolling, extensions and roll-forward compose with months', () => {
  it('tolled days are added after the calendar-month end: a stay touching 1–5 April moves 10 Sep to 15 Sep', () => {
    const result = computeDeadline(
      clock(pkt('2026-03-10 14:00'), 6, 'months', { tolling: [{ from: pkt('2026-04-01 10:00'), to: pkt('2026-04-05 12:00'), reason: 'proceedings stayed' }] }),
    );
    expect(result).toMatchObject({ unit: 'months', status: 'scheduled', dueAt: pkt('2026-09-16 00:00'), excludedDays: 5, totalAmount: 6 });
  });

  it('an extension adds months to the month count (6 + 1 months from 10 March → end of 10 October)', () => {
    const result = computeDeadline(
      clock(pkt('2026-03-10 14:00'), 6, 'months', { extensions: [{ amount: 1, grantedBy: 'high-court', grantedAt: pkt('2026-08-01 10:00') }] }),
    );
    expect(result.dueAt).toBe(pkt('2026-10-11 00:00'));
    expect(result.totalAmount).toBe(7);
  });

  it('roll-forward applies to the last day: six months from 13 March end on Sunday 13 September → Monday 14 September', () => {
    const result = computeDeadline(clock(pkt('2026-03-13 11:00'), 6, 'months', { calendar: punjabCourts, rollForward: true }));
    expect(result).toMatchObject({ baseDueAt: pkt('2026-09-14 00:00'), dueAt: pkt('2026-09-15 00:00') });
    expect(result.rolledForwardOver).toEqual([{ date: '2026-09-13', reason: 'closed weekday (Sunday)' }]);
  });

  it('an open pause leaves a month clock paused with no deadline', () => {
    const result = computeDeadline(clock(pkt('2026-03-10 14:00'), 6, 'months', { tolling: [{ from: pkt('2026-05-01 10:00'), reason: 'accused absconding' }] }));
    expect(result).toMatchObject({ status: 'paused', dueAt: null, pausedSince: { since: pkt('2026-05-01 10:00'), reason: 'accused absconding' } });
  });

  it('the ledger states the calendar rule and counts the period in days', () => {
    const ledger = describeClock(clock(pkt('2026-03-10 14:00'), 6, 'months'), pkt('2026-03-20 12:00'));
    expect(ledger.summary).toBe('day 10 of 184; due 2026-09-10 (end of day, Asia/Karachi)');
    expect(ledger.lines.join('\n')).toContain('6 months by the calendar (General Clauses Act s.3(35))');
  });
});
