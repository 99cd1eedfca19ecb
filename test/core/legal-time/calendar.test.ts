import { describe, expect, it } from 'vitest';
import { closureReason, compileCalendar, isOpenDay, isoDateToDayNumber, LegalTimeError } from '../../../rules/legal-time/index';
import { federalOffices, punjabCourts } from './fixtures';

const day = isoDateToDayNumber;

describe('calendars', () => {
  it('Punjab courts sit Monday to Saturday but not on Sundays or Pakistan Day', () => {
    expect(isOpenDay(punjabCourts, day('2026-03-21'))).toBe(true); // Saturday
    expect(isOpenDay(punjabCourts, day('2026-03-22'))).toBe(false); // Sunday
    expect(isOpenDay(punjabCourts, day('2026-03-23'))).toBe(false); // Pakistan Day
    expect(isOpenDay(punjabCourts, day('2026-03-24'))).toBe(true);
  });

  it('names why a day is closed: the holiday, else the closed weekday', () => {
    expect(closureReason(punjabCourts, day('2026-03-22'))).toBe('closed weekday (Sunday)');
    expect(closureReason(federalOffices, day('2026-03-28'))).toBe('closed weekday (Saturday)');
    expect(closureReason(punjabCourts, day('2026-03-23'))).toBe('Pakistan Day');
    // A holiday on a closed weekday is named by its notification.
    expect(closureReason(federalOffices, day('2026-03-21'))).toBe('Eid-ul-Fitr');
    expect(closureReason(punjabCourts, day('2026-03-24'))).toBeNull();
  });

  it('joins the names of a date notified twice, in a fixed order', () => {
    const a = compileCalendar({ id: 'x', closedWeekdays: [], holidays: [{ date: '2026-12-25', name: 'Quaid-e-Azam Day' }, { date: '2026-12-25', name: 'Christmas' }] });
    const b = compileCalendar({ id: 'x', closedWeekdays: [], holidays: [{ date: '2026-12-25', name: 'Christmas' }, { date: '2026-12-25', name: 'Quaid-e-Azam Day' }] });
    expect(a.holidays.get(day('2026-12-25'))).toBe('Christmas / Quaid-e-Azam Day');
    expect(b.holidays).toEqual(a.holidays);
  });

  it('compiles each definition once', () => {
    expect(compileCalendar(punjabCourts)).toBe(compileCalendar(punjabCourts));
  });

  it('rejects malformed calendars with a clear error', () => {
    expect(() => compileCalendar({ id: 'bad', closedWeekdays: [], holidays: [{ date: '2026-02-30', name: 'Nowhere Day' }] })).toThrow(
      /calendar 'bad': holiday 'Nowhere Day'.*not a calendar date/,
    );
    expect(() => compileCalendar({ id: 'bad', closedWeekdays: [0 as 1], holidays: [] })).toThrow(LegalTimeError);
  });
});
