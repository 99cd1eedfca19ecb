// A deadline input validated and reduced to what the counting loops need: integer day numbers and merged
// pause ranges. Shared by computeDeadline, elapsedCounting and the ledger so they can never disagree.
import { compileCalendar, isOpenIn, type CompiledCalendar } from './calendar';
import { LegalTimeError } from './errors';
import { localDayNumber, MS_PER_DAY, MS_PER_HOUR, startOfLocalDay } from './local-days';
import type { DeadlineInput, Instant, TollingInterval } from './types';

/** 20 years of days. No statutory clock runs that long, so a longer count means bad input (or a calendar with no open day). */
export const MAX_SPAN_DAYS = 7305;
const MAX_SPAN_MS = MAX_SPAN_DAYS * MS_PER_DAY;

/** The open tolling interval that stops the clock (the earliest, if several are open). */
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

export interface DayClock {
  kind: 'days';
  unit: 'calendarDays' | 'workingDays';
  startDay: number;
  /** Duration plus extensions, in days. */
  total: number;
  /** Calendar whose open days count (working days); null when every day counts. */
  counting: CompiledCalendar | null;
  /** Calendar used to roll a closed last day forward; null when there is no roll-forward. */
  rollForward: CompiledCalendar | null;
  /** Days touched by any pause, merged and ascending. */
  tolled: DayRange[];
  openPause: OpenPause | null;
}

export interface HourClock {
  kind: 'hours';
  start: Instant;
  /** Duration plus extensions, in hours. */
  total: number;
  totalMs: number;
  /** Pauses merged and ascending. */
  paused: Span[];
  openPause: OpenPause | null;
}

export type PreparedClock = DayClock | HourClock;

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

function checkTolling(interval: TollingInterval): void {
  checkInstant(interval.from, `tolling '${interval.reason}' from`);
  if (interval.to !== undefined) {
    checkInstant(interval.to, `tolling '${interval.reason}' to`);
    if (interval.to < interval.from) throw new LegalTimeError(`tolling '${interval.reason}' ends before it starts`);
  }
}

/** Last local day that a pause [from, to) touches: a pause ending exactly at midnight does not touch the next day. */
export function lastTouchedDay(to: Instant): number {
  const day = localDayNumber(to);
  return startOfLocalDay(day) === to ? day - 1 : day;
}

function earliestOpenPause(tolling: TollingInterval[]): OpenPause | null {
  let open: OpenPause | null = null;
  for (const interval of tolling) {
    if (interval.to === undefined && (open === null || interval.from < open.since)) {
      open = { since: interval.from, reason: interval.reason };
    }
  }
  return open;
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
  for (const interval of input.tolling) checkTolling(interval);
  const openPause = earliestOpenPause(input.tolling);

  const unit = input.duration.unit;
  if (unit === 'hours') {
    const totalMs = total * MS_PER_HOUR;
    if (totalMs > MAX_SPAN_MS) throw tooLong();
    const spans: Span[] = [];
    for (const interval of input.tolling) {
      const to = interval.to ?? Infinity;
      if (to > interval.from) spans.push({ from: interval.from, to });
    }
    return { kind: 'hours', start: input.start, total, totalMs, paused: mergeSpans(spans), openPause };
  }
  if (unit !== 'calendarDays' && unit !== 'workingDays') throw new LegalTimeError(`unknown duration unit '${String(unit)}'`);

  const calendar = input.calendar === undefined ? null : compileCalendar(input.calendar);
  if (unit === 'workingDays' && calendar === null) {
    throw new LegalTimeError('a workingDays clock needs a calendar: which days are working days depends on the court or office');
  }
  if (unit === 'calendarDays' && input.rollForward && calendar === null) {
    throw new LegalTimeError('rollForward needs a calendar: without one, closed days cannot be known');
  }
  if (total > MAX_SPAN_DAYS) throw tooLong();
  const ranges: DayRange[] = [];
  for (const interval of input.tolling) {
    // A zero-length pause stops the clock for no part of any day.
    if (interval.to !== undefined && interval.to === interval.from) continue;
    const first = localDayNumber(interval.from);
    ranges.push({ first, last: interval.to === undefined ? Infinity : lastTouchedDay(interval.to) });
  }
  return {
    kind: 'days',
    unit,
    startDay: localDayNumber(input.start),
    total,
    counting: unit === 'workingDays' ? calendar : null,
    // Working days end on an open day by construction; rolling forward only matters for a zero-day period.
    rollForward: unit === 'workingDays' || input.rollForward ? calendar : null,
    tolled: mergeDayRanges(ranges),
    openPause,
  };
}

function mergeSpans(spans: Span[]): Span[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.from - b.from || a.to - b.to);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
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

export type HourRun =
  | { outcome: 'due'; dueAt: Instant; excludedMs: number }
  | { outcome: 'paused'; stoppedAt: Instant; excludedMs: number };

/** Runs the clock for `totalMs` of running time: time inside pauses does not count. */
export function runHours(clock: HourClock): HourRun {
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
export function runningMsUntil(clock: HourClock, now: Instant): number {
  if (now <= clock.start) return 0;
  let running = now - clock.start;
  for (const span of clock.paused) {
    const from = Math.max(span.from, clock.start);
    const to = Math.min(span.to, now);
    if (to > from) running -= to - from;
  }
  return running;
}
