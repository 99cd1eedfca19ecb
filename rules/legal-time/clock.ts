// A deadline input validated and reduced to what the counting loops need: integer day numbers and the union of
// the pause ranges. Shared by computeDeadline, elapsedCounting and the ledger so they can never disagree.
import { compileCalendar, isOpenIn, type CompiledCalendar } from './calendar';
import { LegalTimeError } from './errors';
import { addCalendarMonths, isoDateToDayNumber, localDayNumber, localToInstant, MS_PER_DAY, MS_PER_HOUR, offsetMs, startOfLocalDay } from './local-days';
import { unionOfTolling } from './tolling';
import type { DeadlineInput, DurationUnit, Instant, TollingCounting } from './types';

/** 20 years of days. No statutory clock runs that long, so a longer count means bad input (or a calendar with no open day). */
export const MAX_SPAN_DAYS = 7305;
const MAX_SPAN_MS = MAX_SPAN_DAYS * MS_PER_DAY;
const MAX_SPAN_MONTHS = 240;

/** The open tolling interval that stops the clock: where the union's open-ended part begins, and its grounds. */
export interface OpenPause {
  since: Instant;
  reason: string;
}

/** Inclusive range of local day numbers; `last` is Infinity while the pause is open. */
export interface DayRange {
  first: number;
  last: number;
}

/** Half-open span [from, to) of instants; `to` is Infinity while the pause is open. */
export interface Span {
  from: Instant;
  to: number;
}

/** Counted in whole local days (calendar days, working days, or the days of a run of calendar months). */
export interface DayClock {
  kind: 'days';
  unit: 'calendarDays' | 'workingDays' | 'months' | 'years';
  startDay: number;
  /** Counting days: duration plus extensions in days, or the days the calendar months span. */
  total: number;
  /** Duration plus extensions in the clock's own unit (months for a months clock). */
  totalAmount: number;
  /** Calendar whose open days count (working days); null when every day counts. */
  counting: CompiledCalendar | null;
  /** Calendar used to roll a closed last day forward; null when there is no roll-forward. */
  rollForward: CompiledCalendar | null;
  /** Days touched by any pause, merged and ascending. */
  tolled: DayRange[];
  openPause: OpenPause | null;
}

/** Counted as running time: hours, or a day/month period under `elapsed-time` counting. */
export interface ElapsedClock {
  kind: 'elapsed';
  unit: DurationUnit;
  start: Instant;
  /** Duration plus extensions, in the clock's unit. */
  total: number;
  /** The running time the period lasts. */
  totalMs: number;
  /** Length of one counting unit of running time (an hour, or a day), for "day 3 of 15". */
  unitMs: number;
  /** Pauses merged and ascending. */
  paused: Span[];
  openPause: OpenPause | null;
}

export type PreparedClock = DayClock | ElapsedClock;

function tooLong(): LegalTimeError {
  return new LegalTimeError(
    `deadline would fall more than ${MAX_SPAN_DAYS} days (20 years) after the start: refusing pathological input ` +
      '(huge duration or extensions, decades of tolling, or a calendar with no open day)',
  );
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new LegalTimeError(`${what} must be a non-negative integer, got ${value}`);
}

function checkInstant(value: Instant, what: string): void {
  if (!Number.isFinite(value)) throw new LegalTimeError(`${what} must be a finite epoch-millisecond number, got ${value}`);
}

/**
 * The last day of "N months of X" (General Clauses Act 1897 s.3(35): British calendar months). X's day is not
 * counted (s.9), so the period runs from the next day and ends on the day of the N-th later month that bears
 * X's own number: "within 6 months of 10 March" ends at the end of 10 September. A month with no such day
 * ends the period on its last day (31 August + 6 months → 28 or 29 February), as the corresponding-date rule
 * has it. The start's local date is Asia/Karachi's (tzdata via luxon); the month step is exact civil arithmetic.
 */
export function monthsEndDay(startDay: number, months: number): number {
  if (months > MAX_SPAN_MONTHS) throw tooLong();
  return addCalendarMonths(startDay, months);
}

const spanCache = new Map<number, { shortest: number; longest: number }>();

/**
 * The fewest and most days N calendar months can span (6 months: 181 to 184), over every start date of a
 * Gregorian stretch that includes a non-leap century year. For checks that must hold for every start date.
 */
export function monthSpanDays(months: number): { shortest: number; longest: number } {
  checkCount(months, 'months');
  const cached = spanCache.get(months);
  if (cached !== undefined) return cached;
  let shortest = Infinity;
  let longest = 0;
  // Days 1-28 of a month span alike (no month-end clamping), so day 28 stands for them; 29-31 may clamp.
  for (let year = 2096; year <= 2104; year += 1) {
    for (let month = 1; month <= 12; month += 1) {
      const first = isoDateToDayNumber(`${year}-${String(month).padStart(2, '0')}-01`);
      for (let day = first + 27; day <= first + 30; day += 1) {
        const span = monthsEndDay(day, months) - day;
        shortest = Math.min(shortest, span);
        longest = Math.max(longest, span);
      }
    }
  }
  const result = { shortest, longest };
  spanCache.set(months, result);
  return result;
}

/** Months in a month or year period (a year is twelve calendar months, so 29 Feb + 1 year ends on 28 Feb). */
export function monthsIn(unit: 'months' | 'years', amount: number): number {
  return unit === 'years' ? amount * 12 : amount;
}

/**
 * Running time of an untolled period under elapsed-time counting: to the same local wall-clock time N days (or
 * months) later, so a period over an offset change still ends at the wall-clock time people expect.
 */
function elapsedSpanMs(start: Instant, unit: DurationUnit, total: number): number {
  if (unit === 'hours') return total * MS_PER_HOUR;
  const local = start + offsetMs(start);
  const day = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - day * MS_PER_DAY;
  let endDay: number;
  if (unit === 'months' || unit === 'years') {
    const months = monthsIn(unit, total);
    if (months > MAX_SPAN_MONTHS) throw tooLong();
    endDay = addCalendarMonths(day, months);
  } else {
    if (total > MAX_SPAN_DAYS) throw tooLong();
    endDay = day + total;
  }
  return localToInstant(endDay * MS_PER_DAY + msOfDay) - start;
}

/** Last local day that a pause [from, to) touches: a pause ending exactly at midnight does not touch the next day. */
export function lastTouchedDay(to: Instant): number {
  const day = localDayNumber(to);
  return startOfLocalDay(day) === to ? day - 1 : day;
}

export function prepareClock(input: DeadlineInput): PreparedClock {
  checkInstant(input.start, 'start');
  checkCount(input.duration.amount, 'duration.amount');
  let total = input.duration.amount;
  for (const extension of input.extensions) {
    // Negative extensions would let a deadline move earlier, which the calculus promises never happens.
    checkCount(extension.amount, `extension by ${extension.grantedBy}`);
    checkInstant(extension.grantedAt, `extension by ${extension.grantedBy} grantedAt`);
    total += extension.amount;
  }
  if (!Number.isSafeInteger(total)) throw tooLong();
  // Several grounds may pause the clock at once: only their union is tolled, so every count starts from it.
  const union = unionOfTolling(input.tolling);
  const last = union[union.length - 1];
  const openPause = last !== undefined && last.to === undefined ? { since: last.from, reason: last.reason } : null;

  const unit = input.duration.unit;
  if (!['hours', 'calendarDays', 'workingDays', 'months', 'years'].includes(unit)) {
    throw new LegalTimeError(`unknown duration unit '${String(unit)}'`);
  }
  const counting: TollingCounting = input.counting ?? 'whole-days-excluded';
  if (counting !== 'whole-days-excluded' && counting !== 'elapsed-time') throw new LegalTimeError(`unknown tolling counting '${String(counting)}'`);
  if (unit === 'hours' || counting === 'elapsed-time') {
    if (unit === 'workingDays') {
      throw new LegalTimeError('a workingDays clock cannot count elapsed time: a working day is a whole open day, not 24 hours');
    }
    // Elapsed time is custody-style running time: a closed court stops nothing, so nothing rolls forward.
    const totalMs = elapsedSpanMs(input.start, unit, total);
    if (totalMs > MAX_SPAN_MS) throw tooLong();
    const paused = union.map((i) => ({ from: i.from, to: i.to ?? Infinity }));
    return { kind: 'elapsed', unit, start: input.start, total, totalMs, unitMs: unit === 'hours' ? MS_PER_HOUR : MS_PER_DAY, paused, openPause };
  }

  const calendar = input.calendar === undefined ? null : compileCalendar(input.calendar);
  if (unit === 'workingDays' && calendar === null) {
    throw new LegalTimeError('a workingDays clock needs a calendar: which days are working days depends on the court or office');
  }
  if (unit !== 'workingDays' && input.rollForward && calendar === null) {
    throw new LegalTimeError('rollForward needs a calendar: without one, closed days cannot be known');
  }
  const startDay = localDayNumber(input.start);
  // Months are reckoned on the calendar first; tolled days then move that end out one day each, as
  // "the time ... shall be excluded" adds the excluded time to the period (Limitation Act 1908 ss.12-15).
  const days = unit === 'months' || unit === 'years' ? monthsEndDay(startDay, monthsIn(unit, total)) - startDay : total;
  if (days > MAX_SPAN_DAYS) throw tooLong();
  const ranges: DayRange[] = union.map((i) => ({ first: localDayNumber(i.from), last: i.to === undefined ? Infinity : lastTouchedDay(i.to) }));
  return {
    kind: 'days',
    unit,
    startDay,
    total: days,
    totalAmount: total,
    counting: unit === 'workingDays' ? calendar : null,
    // Working days end on an open day by construction; rolling forward only matters for a zero-day period.
    rollForward: unit === 'workingDays' || input.rollForward ? calendar : null,
    tolled: mergeDayRanges(ranges),
    openPause,
  };
}

function mergeDayRanges(ranges: DayRange[]): DayRange[] {
  if (ranges.length < 2) return ranges;
  ranges.sort((a, b) => a.first - b.first || a.last - b.last);
  const merged: DayRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.first <= last.last + 1) last.last = Math.max(last.last, range.last);
    else merged.push({ ...range });
  }
  return merged;
}

export type DayWalk =
  | { outcome: 'due'; lastDay: number; counted: number; excluded: number }
  /** paused: an open pause was reached before the count completed; stopped: `stopDay` was passed. */
  | { outcome: 'paused' | 'stopped'; counted: number; excluded: number };

/**
 * Counts the days after the start day, up to `total` counting days or until `stopDay` (inclusive) is passed.
 * A day counts if it is open (working days) and no pause touched any part of it. `excludedOut` receives the
 * days that would have counted but were tolled (for the ledger; omitted on the hot path).
 */
export function walkDays(clock: DayClock, stopDay: number, excludedOut?: number[]): DayWalk {
  const { startDay, total, counting, tolled } = clock;
  const cap = startDay + MAX_SPAN_DAYS;
  if (counting === null && tolled.length === 0) {
    // Plain calendar days: the answer is arithmetic.
    const lastDay = startDay + total;
    if (lastDay > cap) throw tooLong();
    if (stopDay < lastDay) return { outcome: 'stopped', counted: Math.max(0, stopDay - startDay), excluded: 0 };
    return { outcome: 'due', lastDay, counted: total, excluded: 0 };
  }
  let counted = 0;
  let excluded = 0;
  let day = startDay;
  let next = 0;
  while (counted < total) {
    day += 1;
    if (day > stopDay) return { outcome: 'stopped', counted, excluded };
    if (day > cap) throw tooLong();
    let range = tolled[next];
    while (range !== undefined && range.last < day) range = tolled[++next];
    const open = counting === null || isOpenIn(counting, day);
    if (range !== undefined && range.first <= day) {
      // Every later day is touched by an open pause too: the deadline cannot be known yet.
      if (range.last === Infinity) return { outcome: 'paused', counted, excluded };
      if (open) {
        excluded += 1;
        excludedOut?.push(day);
      }
    } else if (open) {
      counted += 1;
    }
  }
  return { outcome: 'due', lastDay: day, counted, excluded };
}

/** First open day at or after `day` (the roll-forward target), within the 20-year guard. */
export function firstOpenDayFrom(clock: DayClock, calendar: CompiledCalendar, day: number): number {
  const cap = clock.startDay + MAX_SPAN_DAYS;
  let candidate = day;
  while (!isOpenIn(calendar, candidate)) {
    candidate += 1;
    if (candidate > cap) throw tooLong();
  }
  return candidate;
}

export type ElapsedRun =
  | { outcome: 'due'; dueAt: Instant; excludedMs: number }
  | { outcome: 'paused'; stoppedAt: Instant; excludedMs: number };

/** Runs the clock for `totalMs` of running time: time inside pauses does not count. */
export function runElapsed(clock: ElapsedClock): ElapsedRun {
  let t = clock.start;
  let remaining = clock.totalMs;
  let excludedMs = 0;
  // A zero-hour period is due at once, whether or not the clock was running.
  if (remaining > 0) {
    for (const span of clock.paused) {
      if (span.to <= t) continue;
      if (span.from > t) {
        const running = span.from - t;
        if (remaining <= running) break;
        remaining -= running;
        t = span.from;
      }
      if (span.to === Infinity) return { outcome: 'paused', stoppedAt: t, excludedMs };
      excludedMs += span.to - t;
      t = span.to;
    }
  }
  const dueAt = t + remaining;
  if (dueAt - clock.start > MAX_SPAN_MS) throw tooLong();
  return { outcome: 'due', dueAt, excludedMs };
}

/** Running (unpaused) time between the start and `now`, in ms. */
export function runningMsUntil(clock: ElapsedClock, now: Instant): number {
  if (now <= clock.start) return 0;
  let running = now - clock.start;
  for (const span of clock.paused) {
    const from = Math.max(span.from, clock.start);
    const to = Math.min(span.to, now);
    if (to > from) running -= to - from;
  }
  return running;
}
