// Which local days a court or office is closed. A calendar is compiled once into a weekday mask and a map of
// holiday day numbers so that the per-day test in the counting loop is two array/map lookups.
import { LegalTimeError } from './errors';
import { isoDateToDayNumber, isoWeekday } from './local-days';
import type { CalendarDefinition, IsoWeekday } from './types';

export const WEEKDAY_NAMES: Readonly<Record<IsoWeekday, string>> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

export interface CompiledCalendar {
  readonly id: string;
  /** Indexed by ISO weekday (index 0 unused): true if that weekday is closed. */
  readonly closedWeekday: readonly boolean[];
  /** Holiday day number -> notified name (names of a doubly-notified date joined with ' / '). */
  readonly holidays: ReadonlyMap<number, string>;
}

// Keyed by object identity, not by id: a calendar id is re-notified every year (moon-sighted Eid dates), so
// two definitions may share an id with different holidays. Definitions are treated as immutable once used.
const compiled = new WeakMap<CalendarDefinition, CompiledCalendar>();

export function compileCalendar(definition: CalendarDefinition): CompiledCalendar {
  const cached = compiled.get(definition);
  if (cached !== undefined) return cached;
  const closedWeekday: boolean[] = [false, false, false, false, false, false, false, false];
  for (const weekday of definition.closedWeekdays) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new LegalTimeError(`calendar '${definition.id}': closed weekday must be 1 (Monday) … 7 (Sunday), got ${weekday}`);
    }
    closedWeekday[weekday] = true;
  }
  const names = new Map<number, string[]>();
  for (const holiday of definition.holidays) {
    let dayNumber: number;
    try {
      dayNumber = isoDateToDayNumber(holiday.date);
    } catch (error) {
      throw new LegalTimeError(`calendar '${definition.id}': holiday '${holiday.name}': ${(error as Error).message}`);
    }
    const list = names.get(dayNumber);
    if (list === undefined) names.set(dayNumber, [holiday.name]);
    else if (!list.includes(holiday.name)) list.push(holiday.name);
  }
  const holidays = new Map<number, string>();
  // Sorted so the result does not depend on the order holidays were listed in.
  for (const [dayNumber, list] of names) holidays.set(dayNumber, [...list].sort().join(' / '));
  const result: CompiledCalendar = { id: definition.id, closedWeekday, holidays };
  compiled.set(definition, result);
  return result;
}

export function isOpenIn(calendar: CompiledCalendar, dayNumber: number): boolean {
  return !calendar.closedWeekday[isoWeekday(dayNumber)] && !calendar.holidays.has(dayNumber);
}

/** Why a day is closed: the holiday's name (it names the notification), else 'closed weekday (Sunday)'; null if open. */
export function closureReasonIn(calendar: CompiledCalendar, dayNumber: number): string | null {
  const holiday = calendar.holidays.get(dayNumber);
  if (holiday !== undefined) return holiday;
  const weekday = isoWeekday(dayNumber);
  return calendar.closedWeekday[weekday] ? `closed weekday (${WEEKDAY_NAMES[weekday]})` : null;
}

/** Is local day `dayNumber` open (neither a closed weekday nor a holiday) in `calendar`? */
export function isOpenDay(calendar: CalendarDefinition, dayNumber: number): boolean {
  return isOpenIn(compileCalendar(calendar), dayNumber);
}

/** The holiday name or 'closed weekday (Sunday)' for a closed day; null for an open day. */
export function closureReason(calendar: CalendarDefinition, dayNumber: number): string | null {
  return closureReasonIn(compileCalendar(calendar), dayNumber);
}

