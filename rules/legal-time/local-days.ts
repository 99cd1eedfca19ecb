// Instants <-> Asia/Karachi local day numbers. All counting is done on integer day numbers (days since
// 1970-01-01 of the local calendar date) because integer arithmetic is exact, cheap and deterministic;
// luxon is consulted only for the zone's UTC offset, which tzdata owns (Pakistan had DST in 2002, 2008, 2009).
import { IANAZone } from 'luxon';
import { LegalTimeError } from './errors';
import type { Instant, IsoWeekday } from './types';

export const LEGAL_ZONE = 'Asia/Karachi';
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const zone = IANAZone.create(LEGAL_ZONE);
if (!zone.isValid) throw new LegalTimeError(`time zone ${LEGAL_ZONE} is unknown to this runtime's Intl data`);

// Asking Intl for an offset costs microseconds; the simulator asks millions of times. Offsets change at most
// once a day, so cache one offset per UTC day, or null for the rare day that contains a transition.
const offsetByUtcDay = new Map<number, number | null>();
const OFFSET_CACHE_LIMIT = 100_000;

function zoneOffsetMs(instant: Instant): number {
  const minutes = zone.offset(instant);
  if (!Number.isFinite(minutes)) throw new LegalTimeError(`no ${LEGAL_ZONE} offset for instant ${instant}`);
  return minutes * MS_PER_MINUTE;
}

/** UTC offset of Asia/Karachi at `instant`, in milliseconds (local = instant + offset). */
export function offsetMs(instant: Instant): number {
  const utcDay = Math.floor(instant / MS_PER_DAY);
  let cached = offsetByUtcDay.get(utcDay);
  if (cached === undefined) {
    const first = zoneOffsetMs(utcDay * MS_PER_DAY);
    const last = zoneOffsetMs(utcDay * MS_PER_DAY + MS_PER_DAY - 1);
    cached = first === last ? first : null;
    // Bounded so a long simulation over random dates cannot grow memory without limit.
    if (offsetByUtcDay.size >= OFFSET_CACHE_LIMIT) offsetByUtcDay.clear();
    offsetByUtcDay.set(utcDay, cached);
  }
  return cached ?? zoneOffsetMs(instant);
}

function assertInstant(instant: Instant, what: string): void {
  if (!Number.isFinite(instant)) throw new LegalTimeError(`${what} must be a finite epoch-millisecond number, got ${instant}`);
}

/** Local (Asia/Karachi) calendar day number of an instant: days since 1970-01-01. */
export function localDayNumber(instant: Instant): number {
  assertInstant(instant, 'instant');
  return Math.floor((instant + offsetMs(instant)) / MS_PER_DAY);
}

/**
 * The instant at which local wall-clock time `localMs` (ms since 1970-01-01T00:00 local) occurs. Repeated
 * times take the first occurrence; times skipped by a spring-forward gap move forward by the gap (as luxon
 * does), which makes a skipped midnight resolve to the first instant of that day.
 */
export function localToInstant(localMs: number): Instant {
  const before = offsetMs(localMs - 36 * MS_PER_HOUR);
  const after = offsetMs(localMs + 36 * MS_PER_HOUR);
  const a = localMs - before;
  if (before === after) return a;
  const b = localMs - after;
  const aValid = a + offsetMs(a) === localMs;
  const bValid = b + offsetMs(b) === localMs;
  if (aValid && bValid) return Math.min(a, b);
  if (bValid) return b;
  return a;
}

/** First instant of local day `dayNumber` (its local midnight). */
export function startOfLocalDay(dayNumber: number): Instant {
  if (!Number.isSafeInteger(dayNumber)) throw new LegalTimeError(`day number must be an integer, got ${dayNumber}`);
  return localToInstant(dayNumber * MS_PER_DAY);
}

/** End of local day `dayNumber`: the local midnight that starts the next day (a deadline is breached at it). */
export function endOfLocalDay(dayNumber: number): Instant {
  return startOfLocalDay(dayNumber + 1);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function isoWeekday(dayNumber: number): IsoWeekday {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1 as IsoWeekday;
}

// Proleptic Gregorian civil date <-> day number (H. Hinnant's algorithms): exact integer arithmetic, no Date.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/**
 * The local day `months` calendar months after `dayNumber`, bearing the same day of the month, or the last day
 * of the month when it has no such day (31 Aug + 6 → 28/29 Feb). Integer arithmetic, as luxon's `plus({ months })`
 * in Asia/Karachi computes it (a property test holds them equal) at a fraction of the cost.
 */
export function addCalendarMonths(dayNumber: number, months: number): number {
  if (!Number.isSafeInteger(dayNumber) || !Number.isSafeInteger(months)) {
    throw new LegalTimeError(`day number and months must be integers, got ${dayNumber} and ${months}`);
  }
  const { year, month, day } = civilFromDays(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const toYear = Math.floor(index / 12);
  const toMonth = index - toYear * 12 + 1;
  return daysFromCivil(toYear, toMonth, Math.min(day, daysInMonth(toYear, toMonth)));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-03-23' -> its day number. Throws on anything that is not a real calendar date. */
export function isoDateToDayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (match === null) throw new LegalTimeError(`expected a date as YYYY-MM-DD, got '${isoDate}'`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = daysFromCivil(year, month, day);
  const back = civilFromDays(dayNumber);
  // Round-tripping rejects 2026-02-30 and month 13 without a table of month lengths.
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new LegalTimeError(`'${isoDate}' is not a calendar date`);
  }
  return dayNumber;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Day number -> 'YYYY-MM-DD'. */
export function dayNumberToIsoDate(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber)) throw new LegalTimeError(`day number must be an integer, got ${dayNumber}`);
  const { year, month, day } = civilFromDays(dayNumber);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Local date of an instant, 'YYYY-MM-DD' (Asia/Karachi). */
export function formatLocalDate(instant: Instant): string {
  return dayNumberToIsoDate(localDayNumber(instant));
}

/** Local date and time of an instant, 'YYYY-MM-DD HH:mm' (Asia/Karachi); seconds are shown only if present. */
export function formatLocalDateTime(instant: Instant): string {
  assertInstant(instant, 'instant');
  const local = instant + offsetMs(instant);
  const dayNumber = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - dayNumber * MS_PER_DAY;
  const hours = Math.floor(msOfDay / MS_PER_HOUR);
  const minutes = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.floor((msOfDay % MS_PER_MINUTE) / 1000);
  const time = `${pad(hours)}:${pad(minutes)}${seconds === 0 ? '' : `:${pad(seconds)}`}`;
  return `${dayNumberToIsoDate(dayNumber)} ${time}`;
}
