// Which years a holiday calendar covers: a deadline counted in a year the calendar does not list would treat that
// year's holidays as working days, so the case view and `sopflow validate` warn about it instead.
import { dayNumberToIsoDate, localDayNumber } from './local-days';
import type { Instant } from './types';

/** The Asia/Karachi calendar year of an instant. */
export function localYearOf(instant: Instant): number {
  return Number(dayNumberToIsoDate(localDayNumber(instant)).slice(0, 4));
}

/** Does a calendar that lists holidays for `coveredYears` cover the (Asia/Karachi) year `instant` falls in? */
export function isInstantCovered(coveredYears: readonly number[], instant: Instant): boolean {
  return coveredYears.includes(localYearOf(instant));
}

/** The years from `fromYear` to `toYear` (inclusive) a calendar covering `coveredYears` does not list. */
export function uncoveredYears(coveredYears: readonly number[], fromYear: number, toYear: number): number[] {
  const out: number[] = [];
  for (let y = fromYear; y <= toYear; y++) if (!coveredYears.includes(y)) out.push(y);
  return out;
}
