// Calendar coverage: which years a holiday calendar lists, whether an instant falls in one, and the validate
// warning for a pack whose deadlines can reach a year its calendar does not cover.
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../../sources/load-sources';
import { isInstantCovered, localYearOf } from '../../../rules/legal-time/calendar-coverage';
import { localToInstant } from '../../../rules/legal-time/local-days';
import { calendarCoverageWarnings } from '../../../rules/loader/calendar-coverage-warnings';
import { coveredYears } from '../../../rules/schema/calendar-years';

const karachi = (iso: string): number => localToInstant(Date.parse(`${iso}Z`));
const punjab = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
const office = punjab.pack.calendars.find((c) => c.id === 'office')!;

describe('calendar coverage', () => {
  it('a year is covered when the calendar lists its holidays under a notification', () => {
    expect(coveredYears(office)).toEqual([2026, 2027]);
    expect(coveredYears({ holidays: { '2026': [] }, notifications: {} })).toEqual([]);
  });

  it('the year is the Asia/Karachi year: 31 Dec 2027 20:00 UTC is already 2028 in Karachi', () => {
    const instant = Date.parse('2027-12-31T20:00:00Z');
    expect(localYearOf(instant)).toBe(2028);
    expect(isInstantCovered(coveredYears(office), instant)).toBe(false);
    expect(isInstantCovered(coveredYears(office), karachi('2027-12-31T23:59'))).toBe(true);
    expect(isInstantCovered(coveredYears(office), karachi('2026-01-01T00:00'))).toBe(true);
    expect(isInstantCovered(coveredYears(office), karachi('2025-12-31T23:59'))).toBe(false);
  });

  it('validate warns for a pack without effectiveUntil: it may govern cases after the last covered year', () => {
    const warnings = calendarCoverageWarnings(punjab.pack, punjab.overlays);
    expect(warnings.map((w) => w.path)).toEqual([
      ['calendars', 0, 'holidays'],
      ['calendars', 1, 'holidays'],
    ]);
    expect(warnings[0]!.message).toContain('can fall in 2028');
  });

  it('with effectiveUntil the range ends at that date plus the longest span counted on the calendar', () => {
    // The longest clocks on the office calendar run weeks (14 + 3 days, 7 + 7 cure days), and the ladders' SLAs
    // follow the longest clock of the pack (s.497: two years), so mid-2026 reaches 2028 only through a ladder.
    const early = { ...punjab.pack, effectiveUntil: '2026-03-31', ladders: [] };
    expect(calendarCoverageWarnings(early, punjab.overlays)).toEqual([]);
    const late = { ...punjab.pack, effectiveUntil: '2027-12-20', ladders: [] };
    const warnings = calendarCoverageWarnings(late, punjab.overlays);
    expect(warnings.map((w) => w.message.match(/calendar "(\w+)"/)![1])).toEqual(['office', 'court']);
    expect(warnings[0]!.message).toContain('cases opened until 2027-12-20');
  });
});
