import { describe, expect, it } from 'vitest';
import {
  computeDeadline,
  elapsedCounting,
  LegalTimeError,
  MAX_SPAN_DAYS,
  startOfLocalDay,
  localDayNumber,
  warningTime,
  type CalendarDefinition,
  type DeadlineResult,
} from '../../../rules/legal-time/index';
import { clock, federalOffices, pkt, punjabCourts } from './fixtures';

const HOUR = 3_600_000;

function excludedDays(result: DeadlineResult): number {
  if (result.unit === 'hours') throw new Error('expected a day clock');
  return result.excludedDays;
}

function excludedHours(result: DeadlineResult): number {
  if (result.unit !== 'hours') throw new Error('expected an hour clock');
  return result.excludedHours;
}

describe('calendar days: the day of the start is not counted (General Clauses Act)', () => {
  it('FIR at 10:00 on Mon 2 Mar 2026, 14 calendar days → due 00:00 on 17 Mar 2026 PKT', () => {
    const result = computeDeadline(clock(pkt('2026-03-02 10:00'), 14, 'calendarDays'));
    expect(result).toEqual({
      unit: 'calendarDays',
      status: 'scheduled',
      dueAt: pkt('2026-03-17 00:00'),
      baseDueAt: pkt('2026-03-17 00:00'),
      pausedSince: null,
      excludedDays: 0,
      rolledForwardOver: [],
      totalAmount: 14,
    });
  });

  it('a start at 23:59 or at 00:00 on 2 Mar gives the same deadline; 00:00 on 3 Mar gives one day more', () => {
    const due = (start: string) => computeDeadline(clock(pkt(start), 14, 'calendarDays')).dueAt;
    expect(due('2026-03-02 00:00')).toBe(pkt('2026-03-17 00:00'));
    expect(due('2026-03-02 23:59')).toBe(pkt('2026-03-17 00:00'));
    expect(due('2026-03-03 00:00')).toBe(pkt('2026-03-18 00:00'));
  });

  it('counts Karachi days, not UTC days: 20:00 UTC on 2 Mar is 01:00 on 3 Mar PKT', () => {
    expect(computeDeadline(clock(Date.parse('2026-03-02T20:00:00Z'), 14, 'calendarDays')).dueAt).toBe(pkt('2026-03-18 00:00'));
  });

  it('a zero-day period ends at the end of the start day', () => {
    expect(computeDeadline(clock(pkt('2026-03-02 10:00'), 0, 'calendarDays')).dueAt).toBe(pkt('2026-03-03 00:00'));
  });
});

describe('roll-forward (Limitation Act s.4, General Clauses Act s.10)', () => {
  const fromSunday = pkt('2026-03-15 11:00');

  it('7 days from Sun 15 Mar end on Sun 22 Mar; Punjab courts are shut that Sunday and on Pakistan Day → due end of Tue 24 Mar', () => {
    const result = computeDeadline(clock(fromSunday, 7, 'calendarDays', { calendar: punjabCourts, rollForward: true }));
    expect(result.baseDueAt).toBe(pkt('2026-03-23 00:00'));
    expect(result.dueAt).toBe(pkt('2026-03-25 00:00'));
    expect(result.rolledForwardOver).toEqual([
      { date: '2026-03-22', reason: 'closed weekday (Sunday)' },
      { date: '2026-03-23', reason: 'Pakistan Day' },
    ]);
  });

  it('without rollForward the same clock expires on the Sunday', () => {
    const result = computeDeadline(clock(fromSunday, 7, 'calendarDays', { calendar: punjabCourts }));
    expect(result.dueAt).toBe(pkt('2026-03-23 00:00'));
    expect(result.rolledForwardOver).toEqual([]);
  });

  it('an open last day is not moved', () => {
    const result = computeDeadline(clock(fromSunday, 6, 'calendarDays', { calendar: punjabCourts, rollForward: true }));
    expect(result.dueAt).toBe(pkt('2026-03-22 00:00')); // last day Sat 21 Mar, a court day in Punjab
    expect(result.baseDueAt).toBe(result.dueAt);
  });

  it('refuses rollForward without a calendar', () => {
    expect(() => computeDeadline(clock(fromSunday, 7, 'calendarDays', { rollForward: true }))).toThrow(/rollForward needs a calendar/);
  });
});

describe('working days', () => {
  it('ATA s.19(7): 7 working days from Thu 19 Mar 15:00, federal offices (weekend, Eid 20–22 Mar, Pakistan Day) → due end of Wed 1 Apr', () => {
    const result = computeDeadline(clock(pkt('2026-03-19 15:00'), 7, 'workingDays', { calendar: federalOffices }));
    // Counting days: Tue 24, Wed 25, Thu 26, Fri 27, Mon 30, Tue 31 Mar, Wed 1 Apr.
    expect(result.dueAt).toBe(pkt('2026-04-02 00:00'));
    expect(result.rolledForwardOver).toEqual([]);
  });

  it('Punjab courts count Saturdays: 6 working days from Fri 20 Mar → due end of Sat 28 Mar', () => {
    const result = computeDeadline(clock(pkt('2026-03-20 09:00'), 6, 'workingDays', { calendar: punjabCourts }));
    expect(result.dueAt).toBe(pkt('2026-03-29 00:00'));
  });

  it('tolling on a closed day costs nothing; on an open day it costs that day', () => {
    const base = clock(pkt('2026-03-19 15:00'), 7, 'workingDays', { calendar: federalOffices });
    const onSaturday = computeDeadline({ ...base, tolling: [{ from: pkt('2026-03-21 10:00'), to: pkt('2026-03-21 12:00'), reason: 'stay' }] });
    expect(onSaturday.dueAt).toBe(pkt('2026-04-02 00:00'));
    expect(excludedDays(onSaturday)).toBe(0);
    const onTuesday = computeDeadline({ ...base, tolling: [{ from: pkt('2026-03-24 10:00'), to: pkt('2026-03-24 12:00'), reason: 'stay' }] });
    expect(onTuesday.dueAt).toBe(pkt('2026-04-03 00:00'));
    expect(excludedDays(onTuesday)).toBe(1);
  });

  it('needs a calendar', () => {
    expect(() => computeDeadline(clock(pkt('2026-03-19 15:00'), 7, 'workingDays'))).toThrow(/workingDays clock needs a calendar/);
  });
});

describe('tolling of day clocks: a day paused for any part of it does not count', () => {
  const fir = pkt('2026-03-02 10:00');

  it('a four-hour pause across midnight (22:00 on 5 Mar to 02:00 on 6 Mar) costs two whole days', () => {
    const result = computeDeadline(clock(fir, 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-05 22:00'), to: pkt('2026-03-06 02:00'), reason: 'accused hospitalised' }] }));
    expect(result.dueAt).toBe(pkt('2026-03-19 00:00'));
    expect(excludedDays(result)).toBe(2);
  });

  it('a pause ending exactly at midnight does not touch the next day', () => {
    const result = computeDeadline(clock(fir, 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-05 12:00'), to: pkt('2026-03-06 00:00'), reason: 'stay' }] }));
    expect(result.dueAt).toBe(pkt('2026-03-18 00:00'));
    expect(excludedDays(result)).toBe(1);
  });

  it('a pause within the start day, or after the deadline, changes nothing', () => {
    for (const [from, to] of [['2026-03-02 11:00', '2026-03-02 15:00'], ['2026-03-17 00:00', '2026-03-20 00:00']] as const) {
      const result = computeDeadline(clock(fir, 14, 'calendarDays', { tolling: [{ from: pkt(from), to: pkt(to), reason: 'stay' }] }));
      expect(result.dueAt).toBe(pkt('2026-03-17 00:00'));
      expect(excludedDays(result)).toBe(0);
    }
  });

  it('a zero-length pause changes nothing', () => {
    const at = pkt('2026-03-05 12:00');
    expect(computeDeadline(clock(fir, 14, 'calendarDays', { tolling: [{ from: at, to: at, reason: 'blip' }] })).dueAt).toBe(pkt('2026-03-17 00:00'));
  });
});

describe('an open pause: the clock is stopped now, so the deadline is not yet known', () => {
  it('accused absconding since 5 Mar, still at large → dueAt null, status paused', () => {
    const result = computeDeadline(clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-05 09:00'), reason: 'accused absconding' }] }));
    expect(result).toMatchObject({ status: 'paused', dueAt: null, baseDueAt: null, pausedSince: { since: pkt('2026-03-05 09:00'), reason: 'accused absconding' } });
  });

  it('an hour clock is paused the same way', () => {
    const result = computeDeadline(clock(pkt('2026-03-02 10:00'), 24, 'hours', { tolling: [{ from: pkt('2026-03-02 14:00'), reason: 'accused hospitalised' }] }));
    expect(result).toMatchObject({ status: 'paused', dueAt: null, excludedHours: 0 });
  });

  it('a pause opened after the period ran out does not revive the clock', () => {
    const result = computeDeadline(clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-17 09:00'), reason: 'accused absconding' }] }));
    expect(result.status).toBe('scheduled');
    expect(result.dueAt).toBe(pkt('2026-03-17 00:00'));
  });
});

describe('hours: running time', () => {
  const arrest = pkt('2026-03-02 10:00');

  it('arrest at 10:00 on 2 Mar, 24 hours, journey to the magistrate 14:00–17:00 excluded → due 13:00 on 3 Mar', () => {
    const result = computeDeadline(clock(arrest, 24, 'hours', { tolling: [{ from: pkt('2026-03-02 14:00'), to: pkt('2026-03-02 17:00'), reason: 'journey to magistrate' }] }));
    expect(result.dueAt).toBe(pkt('2026-03-03 13:00'));
    expect(excludedHours(result)).toBe(3);
  });

  it('only the part of a pause after the start is excluded', () => {
    const result = computeDeadline(clock(arrest, 24, 'hours', { tolling: [{ from: pkt('2026-03-02 09:00'), to: pkt('2026-03-02 11:30'), reason: 'journey' }] }));
    expect(result.dueAt).toBe(pkt('2026-03-03 11:30'));
    expect(excludedHours(result)).toBe(1.5);
  });

  it('hours never roll forward, even onto a Sunday with rollForward set', () => {
    const result = computeDeadline(clock(pkt('2026-03-21 10:00'), 24, 'hours', { calendar: punjabCourts, rollForward: true }));
    expect(result.dueAt).toBe(pkt('2026-03-22 10:00'));
    expect(result.rolledForwardOver).toEqual([]);
  });
});

describe('extensions add to the period', () => {
  it('14 days + 7 days granted by the SP → 21 days, ending on Pakistan Day, rolled to end of Tue 24 Mar', () => {
    const result = computeDeadline(
      clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', {
        calendar: punjabCourts,
        rollForward: true,
        extensions: [{ amount: 7, grantedBy: 'sp_investigation', grantedAt: pkt('2026-03-10 12:00') }],
      }),
    );
    expect(result.totalAmount).toBe(21);
    expect(result.baseDueAt).toBe(pkt('2026-03-24 00:00'));
    expect(result.dueAt).toBe(pkt('2026-03-25 00:00'));
  });

  it('hour extensions are hours', () => {
    const result = computeDeadline(clock(pkt('2026-03-02 10:00'), 24, 'hours', { extensions: [{ amount: 12, grantedBy: 'magistrate', grantedAt: pkt('2026-03-02 18:00') }] }));
    expect(result.dueAt).toBe(pkt('2026-03-03 22:00'));
  });

  it('rejects a negative extension (it would move a deadline earlier)', () => {
    expect(() => computeDeadline(clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', { extensions: [{ amount: -1, grantedBy: 'x', grantedAt: 0 }] }))).toThrow(
      /extension by x must be a non-negative integer/,
    );
  });
});

describe('guards against pathological input', () => {
  const start = pkt('2026-03-02 10:00');

  it(`accepts ${MAX_SPAN_DAYS} days (20 years) but refuses more`, () => {
    expect(computeDeadline(clock(start, MAX_SPAN_DAYS, 'calendarDays')).dueAt).toBe(startOfLocalDay(localDayNumber(start) + MAX_SPAN_DAYS + 1));
    expect(() => computeDeadline(clock(start, MAX_SPAN_DAYS + 1, 'calendarDays'))).toThrow(/20 years/);
    expect(() => computeDeadline(clock(start, 24 * (MAX_SPAN_DAYS + 1), 'hours'))).toThrow(/20 years/);
  });

  it('refuses a working-day count in a calendar with no open day', () => {
    const neverOpen: CalendarDefinition = { id: 'never', closedWeekdays: [1, 2, 3, 4, 5, 6, 7], holidays: [] };
    expect(() => computeDeadline(clock(start, 1, 'workingDays', { calendar: neverOpen }))).toThrow(LegalTimeError);
    expect(() => computeDeadline(clock(start, 1, 'calendarDays', { calendar: neverOpen, rollForward: true }))).toThrow(/20 years/);
  });

  it('refuses a deadline pushed beyond 20 years by tolling', () => {
    const tolling = [{ from: start, to: start + 25 * 366 * 24 * HOUR, reason: 'stayed for decades' }];
    expect(() => computeDeadline(clock(start, 14, 'calendarDays', { tolling }))).toThrow(/20 years/);
    expect(() => computeDeadline(clock(start, 14, 'hours', { tolling }))).toThrow(/20 years/);
  });

  it('refuses malformed input with a clear message', () => {
    expect(() => computeDeadline(clock(start, 1.5, 'calendarDays'))).toThrow(/duration.amount must be a non-negative integer/);
    expect(() => computeDeadline(clock(Number.NaN, 1, 'calendarDays'))).toThrow(/start must be a finite/);
    expect(() => computeDeadline(clock(start, 1, 'calendarDays', { tolling: [{ from: start, to: start - 1, reason: 'backwards' }] }))).toThrow(
      /tolling 'backwards' ends before it starts/,
    );
  });
});

describe('elapsedCounting: the "12" of "day 12 of 14"', () => {
  const input = clock(pkt('2026-03-02 10:00'), 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-05 09:00'), to: pkt('2026-03-07 18:00'), reason: 'accused absconding' }] });

  it('is 0 before and on the start day, then counts the counting days begun, skipping tolled days', () => {
    expect(elapsedCounting(input, pkt('2026-03-01 12:00'))).toBe(0);
    expect(elapsedCounting(input, pkt('2026-03-02 23:59'))).toBe(0);
    expect(elapsedCounting(input, pkt('2026-03-03 00:00'))).toBe(1);
    expect(elapsedCounting(input, pkt('2026-03-06 12:00'))).toBe(2);
    expect(elapsedCounting(input, pkt('2026-03-08 00:00'))).toBe(3);
    expect(elapsedCounting(input, pkt('2026-03-17 12:00'))).toBe(12);
    expect(elapsedCounting(input, pkt('2026-03-19 23:59'))).toBe(14);
  });

  it('stops at the total once the period has run', () => {
    expect(elapsedCounting(input, pkt('2026-04-30 12:00'))).toBe(14);
  });

  it('hours: hour k has begun once k-1 running hours are complete', () => {
    const hours = clock(pkt('2026-03-02 10:00'), 24, 'hours', { tolling: [{ from: pkt('2026-03-02 14:00'), to: pkt('2026-03-02 17:00'), reason: 'journey' }] });
    expect(elapsedCounting(hours, pkt('2026-03-02 10:00'))).toBe(0);
    expect(elapsedCounting(hours, pkt('2026-03-02 10:01'))).toBe(1);
    expect(elapsedCounting(hours, pkt('2026-03-02 16:00'))).toBe(5);
    expect(elapsedCounting(hours, pkt('2026-03-03 08:30'))).toBe(20);
    expect(elapsedCounting(hours, pkt('2026-03-04 08:30'))).toBe(24);
  });
});

describe('warningTime', () => {
  it('hours before are elapsed hours', () => {
    expect(warningTime(pkt('2026-03-03 13:00'), { amount: 2, unit: 'hours' })).toBe(pkt('2026-03-03 11:00'));
  });

  it('days before keep the local time of day: two days before 00:00 on 17 Mar is 00:00 on 15 Mar', () => {
    expect(warningTime(pkt('2026-03-17 00:00'), { amount: 2, unit: 'calendarDays' })).toBe(pkt('2026-03-15 00:00'));
    expect(warningTime(pkt('2026-03-17 13:30'), { amount: 3, unit: 'calendarDays' })).toBe(pkt('2026-03-14 13:30'));
  });

  it('a day before 00:00 on 2 Jun 2008 is the start of 1 Jun 2008, whose midnight DST skipped', () => {
    expect(warningTime(pkt('2008-06-02 00:00'), { amount: 1, unit: 'calendarDays' })).toBe(Date.parse('2008-05-31T19:00:00Z'));
  });
});
