import { describe, expect, it } from 'vitest';
import {
  dayNumberToIsoDate,
  endOfLocalDay,
  formatLocalDate,
  formatLocalDateTime,
  isoDateToDayNumber,
  isoWeekday,
  localDayNumber,
  startOfLocalDay,
} from '../../../rules/legal-time/index';
import { pkt } from './fixtures';

describe('local day numbers (Asia/Karachi)', () => {
  it('day 0 is 1970-01-01 in Karachi, which began at 19:00 UTC the evening before', () => {
    expect(localDayNumber(Date.parse('1969-12-31T19:00:00Z'))).toBe(0);
    expect(localDayNumber(Date.parse('1969-12-31T18:59:59.999Z'))).toBe(-1);
    expect(startOfLocalDay(0)).toBe(Date.parse('1969-12-31T19:00:00Z'));
  });

  it('20:00 UTC on 2 Mar 2026 is already 3 Mar in Karachi (UTC+5)', () => {
    expect(formatLocalDate(Date.parse('2026-03-02T20:00:00Z'))).toBe('2026-03-03');
    expect(formatLocalDateTime(Date.parse('2026-03-02T20:00:00Z'))).toBe('2026-03-03 01:00');
  });

  it('ISO dates and day numbers round-trip, including leap days and dates before 1970', () => {
    for (const date of ['1970-01-01', '1969-12-31', '2024-02-29', '2026-03-23', '2000-02-29', '1900-03-01', '2099-12-31']) {
      expect(dayNumberToIsoDate(isoDateToDayNumber(date))).toBe(date);
    }
    expect(isoDateToDayNumber('2026-03-23')).toBe(20_535);
    expect(isoDateToDayNumber('2026-03-24') - isoDateToDayNumber('2026-03-23')).toBe(1);
  });

  it('rejects strings that are not calendar dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-3-1', '2026-03-23T00:00', '', '1900-02-29']) {
      expect(() => isoDateToDayNumber(bad), bad).toThrow(/date/);
    }
  });

  it('knows the weekday: 1970-01-01 was a Thursday and 2 Mar 2026 a Monday', () => {
    expect(isoWeekday(0)).toBe(4);
    expect(isoWeekday(-1)).toBe(3);
    expect(isoWeekday(isoDateToDayNumber('2026-03-02'))).toBe(1);
    expect(isoWeekday(isoDateToDayNumber('2026-03-22'))).toBe(7);
  });

  it('the end of a day is the local midnight that starts the next', () => {
    const day = isoDateToDayNumber('2026-03-16');
    expect(endOfLocalDay(day)).toBe(pkt('2026-03-17 00:00'));
    expect(localDayNumber(endOfLocalDay(day) - 1)).toBe(day);
  });

  it("follows Pakistan's 2008 daylight saving: 1 Jun 2008 began at 01:00 PKST, 1 Nov 2008 at 00:00 PKT", () => {
    const june1 = isoDateToDayNumber('2008-06-01');
    expect(startOfLocalDay(june1)).toBe(Date.parse('2008-05-31T19:00:00Z'));
    expect(formatLocalDateTime(startOfLocalDay(june1))).toBe('2008-06-01 01:00');
    expect(endOfLocalDay(june1) - startOfLocalDay(june1)).toBe(23 * 3_600_000);
    const nov1 = isoDateToDayNumber('2008-11-01');
    expect(startOfLocalDay(nov1)).toBe(Date.parse('2008-10-31T19:00:00Z'));
    expect(startOfLocalDay(nov1) - startOfLocalDay(nov1 - 1)).toBe(25 * 3_600_000);
  });
});
