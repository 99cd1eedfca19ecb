import { describe, expect, it } from 'vitest';
import { describeClock } from '../../../rules/legal-time/index';
import { clock, federalOffices, pkt, punjabCourts } from './fixtures';

const fir = pkt('2026-03-02 10:00');
const absconding = { from: pkt('2026-03-05 09:00'), to: pkt('2026-03-07 18:00'), reason: 'accused absconding' };

describe('the clock ledger explains a deadline in plain words', () => {
  it('day clock with tolling', () => {
    const ledger = describeClock(clock(fir, 14, 'calendarDays', { tolling: [absconding] }), pkt('2026-03-17 12:00'));
    expect(ledger.summary).toBe('day 12 of 14; 3 days excluded: accused absconding from 2026-03-05 to 2026-03-07; due 2026-03-19 (end of day, Asia/Karachi)');
    expect(ledger.lines).toEqual([
      'start: 2026-03-02 10:00 (Asia/Karachi)',
      'period: 14 days, counted from the day after the start (General Clauses Act: the start day is not counted); a day paused for any part of it does not count',
      '3 days excluded: accused absconding from 2026-03-05 to 2026-03-07',
      'due 2026-03-19 (end of day, Asia/Karachi)',
      'now 2026-03-17 12:00 (Asia/Karachi): day 12 of 14',
    ]);
  });

  it('hour clock', () => {
    const journey = { from: pkt('2026-03-02 14:00'), to: pkt('2026-03-02 17:00'), reason: 'journey to magistrate' };
    const ledger = describeClock(clock(fir, 24, 'hours', { tolling: [journey] }), pkt('2026-03-03 08:30'));
    expect(ledger.summary).toBe(
      'hour 20 of 24; 3 hours excluded: journey to magistrate from 2026-03-02 14:00 to 2026-03-02 17:00; due 2026-03-03 13:00 (Asia/Karachi)',
    );
  });

  it('extended and rolled forward', () => {
    const input = clock(fir, 14, 'calendarDays', {
      calendar: punjabCourts,
      rollForward: true,
      extensions: [{ amount: 7, grantedBy: 'sp_investigation', grantedAt: pkt('2026-03-10 12:00') }],
    });
    const ledger = describeClock(input, pkt('2026-03-17 12:00'));
    expect(ledger.summary).toBe(
      'day 15 of 21; extended by 7 days by sp_investigation on 2026-03-10; rolled forward over 2026-03-23 (Pakistan Day); due 2026-03-24 (end of day, Asia/Karachi)',
    );
    expect(ledger.lines).toContain('extended by 7 days by sp_investigation on 2026-03-10');
    expect(ledger.lines).toContain('total: 21 days');
    expect(ledger.lines).toContain('period ends 2026-03-23 (end of day)');
  });

  it('rolled forward over a Sunday and a holiday', () => {
    const ledger = describeClock(clock(pkt('2026-03-15 11:00'), 7, 'calendarDays', { calendar: punjabCourts, rollForward: true }), pkt('2026-03-23 10:00'));
    expect(ledger.summary).toBe(
      'day 7 of 7; rolled forward over 2026-03-22 (closed weekday (Sunday)), 2026-03-23 (Pakistan Day); due 2026-03-24 (end of day, Asia/Karachi)',
    );
  });

  it('paused', () => {
    const ledger = describeClock(clock(fir, 14, 'calendarDays', { tolling: [{ from: pkt('2026-03-05 09:00'), reason: 'accused absconding' }] }), pkt('2026-03-06 12:00'));
    expect(ledger.summary).toBe('day 2 of 14; paused since 2026-03-05 (accused absconding)');
    expect(ledger.lines).toContain('paused since 2026-03-05 (accused absconding): the deadline is not known until the pause ends');
  });

  it('working days, overdue', () => {
    const ledger = describeClock(clock(pkt('2026-03-19 15:00'), 7, 'workingDays', { calendar: federalOffices }), pkt('2026-04-02 09:00'));
    expect(ledger.summary).toBe('working day 7 of 7; due 2026-04-01 (end of day, Asia/Karachi); overdue');
    expect(ledger.lines.at(-1)).toBe('now 2026-04-02 09:00 (Asia/Karachi): working day 7 of 7, overdue');
  });

  it('accounts for every pause, including those that cost nothing', () => {
    const inStartDay = { from: pkt('2026-03-02 11:00'), to: pkt('2026-03-02 15:00'), reason: 'statement recorded' };
    const ledger = describeClock(clock(fir, 14, 'calendarDays', { tolling: [absconding, inStartDay] }), pkt('2026-03-04 12:00'));
    expect(ledger.lines).toContain('nothing excluded: statement recorded from 2026-03-02 to 2026-03-02 (the clock was not counting then)');
    expect(ledger.summary).toBe('day 2 of 14; 3 days excluded: accused absconding from 2026-03-05 to 2026-03-07; due 2026-03-19 (end of day, Asia/Karachi)');
  });
});
