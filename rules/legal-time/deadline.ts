// computeDeadline and its companions. The rules, and why:
// - Days: "within N days from X" does not count the day of X (General Clauses Act), so counting days are the
//   local days after the start's day and the deadline is the end of the N-th (the next local midnight, when
//   the clock is breached). Courts and offices act in whole days, so a day paused for any part of it does not
//   count; for working days a day must also be open in the calendar.
// - Roll-forward: Limitation Act s.4 / General Clauses Act s.10 let an act due on a closed day be done on the
//   next open day. Only day periods roll: hours are custody-style running time and a closed court stops
//   nothing. Working days end on an open day anyway, so for them roll-forward is implicit.
// - Hours, and day or month periods the pack declares `counting: elapsed-time` (custody caps): elapsed running
//   time; exactly the time inside a pause does not count, and nothing rolls forward.
// - Months and years: calendar months (General Clauses Act s.3(35)), the end found on the calendar first (see
//   monthsEndDay); whole tolled days then move it out one day each, and extensions add months.
// - Tolling intervals may overlap (several grounds at once): only their union is excluded.
// - Extensions add to N (in the clock's unit); they can only be non-negative, so they never bring a deadline
//   forward.
// - An open pause (no `to`) that stops the count before it completes leaves the deadline unknown: status
//   'paused', dueAt null. One opened after the period ran out changes nothing: an expired clock stays expired.
import { closureReasonIn } from './calendar';
import {
  firstOpenDayFrom,
  prepareClock,
  runElapsed,
  runningMsUntil,
  walkDays,
  type DayClock,
  type ElapsedClock,
  type OpenPause,
} from './clock';
import { LegalTimeError } from './errors';
import { dayNumberToIsoDate, endOfLocalDay, localDayNumber, localToInstant, MS_PER_DAY, MS_PER_HOUR, offsetMs } from './local-days';
import type { DeadlineInput, Instant } from './types';

/** A closed day the deadline was moved over; reason is the holiday's name or 'closed weekday (Sunday)'. */
export interface RolledOverDay {
  date: string;
  reason: string;
}

/**
 * Whether the deadline is known. `dueAt` is the instant the clock is breached (for day units a local
 * midnight); `baseDueAt` is the same before roll-forward. Paused: an open tolling interval stopped the clock
 * before it ran out, so neither is known yet.
 */
export type DeadlineTiming =
  | { status: 'scheduled'; dueAt: Instant; baseDueAt: Instant; pausedSince: null }
  | { status: 'paused'; dueAt: null; baseDueAt: null; pausedSince: OpenPause };

/** What the tolling cost, in the clock's own unit. */
export type DeadlineExclusion =
  | {
      unit: 'calendarDays' | 'workingDays' | 'months' | 'years';
      /**
       * Days lost to tolling (for working days: open days only; closed days never counted). Whole days, except
       * under elapsed-time counting, where it is the paused running time in days (possibly fractional).
       */
      excludedDays: number;
    }
  | {
      unit: 'hours';
      /** Hours (possibly fractional) the clock was paused between the start and the deadline. */
      excludedHours: number;
    };

export type DeadlineResult = DeadlineTiming &
  DeadlineExclusion & {
    /** Closed days skipped at the end, ascending; always empty for hours. */
    rolledForwardOver: RolledOverDay[];
    /** Duration plus all extensions, in the clock's unit. */
    totalAmount: number;
  };

export interface DeadlineTrace {
  result: DeadlineResult;
  /** 'elapsed': counted as running time (hours, or elapsed-time counting); 'days': in whole local days. */
  kind: 'days' | 'elapsed';
  /** Counting units in the period: as totalAmount, except months and years, which count their days. */
  countingTotal: number;
  /** Day units: the local days lost to tolling, ascending (hours: empty). */
  excludedDayNumbers: number[];
}

function dayDeadline(clock: DayClock, excludedOut?: number[]): DeadlineResult {
  const { unit, totalAmount } = clock;
  const walk = walkDays(clock, Infinity, excludedOut);
  if (walk.outcome !== 'due') {
    // An open pause stopped the count: the deadline is not known until the pause closes.
    const pausedSince = clock.openPause;
    if (pausedSince === null) throw new LegalTimeError('internal: day count stopped without an open pause');
    return { unit, status: 'paused', dueAt: null, baseDueAt: null, pausedSince, excludedDays: walk.excluded, rolledForwardOver: [], totalAmount };
  }
  const baseDueAt = endOfLocalDay(walk.lastDay);
  const rolledForwardOver: RolledOverDay[] = [];
  let lastDay = walk.lastDay;
  if (clock.rollForward !== null) {
    // Tolling is not consulted here: the count is complete, and roll-forward is about the forum being closed.
    const calendar = clock.rollForward;
    lastDay = firstOpenDayFrom(clock, calendar, walk.lastDay);
    for (let day = walk.lastDay; day < lastDay; day += 1) {
      rolledForwardOver.push({ date: dayNumberToIsoDate(day), reason: closureReasonIn(calendar, day) ?? 'closed' });
    }
  }
  const dueAt = lastDay === walk.lastDay ? baseDueAt : endOfLocalDay(lastDay);
  return { unit, status: 'scheduled', dueAt, baseDueAt, pausedSince: null, excludedDays: walk.excluded, rolledForwardOver, totalAmount };
}

function elapsedDeadline(clock: ElapsedClock): DeadlineResult {
  // Running time, so a closed court does not move it: no roll-forward even if requested.
  const totalAmount = clock.total;
  const run = runElapsed(clock);
  const exclusion: DeadlineExclusion =
    clock.unit === 'hours' ? { unit: 'hours', excludedHours: run.excludedMs / MS_PER_HOUR } : { unit: clock.unit, excludedDays: run.excludedMs / MS_PER_DAY };
  if (run.outcome === 'paused') {
    const pausedSince = clock.openPause;
    if (pausedSince === null) throw new LegalTimeError('internal: elapsed-time clock stopped without an open pause');
    return { ...exclusion, status: 'paused', dueAt: null, baseDueAt: null, pausedSince, rolledForwardOver: [], totalAmount };
  }
  return { ...exclusion, status: 'scheduled', dueAt: run.dueAt, baseDueAt: run.dueAt, pausedSince: null, rolledForwardOver: [], totalAmount };
}

/** The deadline plus the detail the ledger explains it with. */
export function traceDeadline(input: DeadlineInput): DeadlineTrace {
  const clock = prepareClock(input);
  if (clock.kind === 'elapsed') {
    return { result: elapsedDeadline(clock), kind: 'elapsed', countingTotal: Math.ceil(clock.totalMs / clock.unitMs), excludedDayNumbers: [] };
  }
  const excludedDayNumbers: number[] = [];
  return { result: dayDeadline(clock, excludedDayNumbers), kind: 'days', countingTotal: clock.total, excludedDayNumbers };
}

/**
 * When the clock is breached (`dueAt`), or null while an open tolling interval has it paused. Deterministic
 * and monotone: more tolling, more holidays or more extensions never make the deadline earlier. The tolling
 * intervals may overlap; the result is the same as for their union (unionOfTolling).
 */
export function computeDeadline(input: DeadlineInput): DeadlineResult {
  const clock = prepareClock(input);
  return clock.kind === 'elapsed' ? elapsedDeadline(clock) : dayDeadline(clock);
}

/**
 * How many counting units have begun by `now`, capped at the total: the "12" of "day 12 of 14". For days, a
 * counting day has begun at its local midnight; for hours, hour k has begun once k-1 hours of running time are
 * complete (elapsed-time days alike, in days). Month and year periods count their days ("day 45 of 184").
 * Capped because days after the count (roll-forward grace, or overdue) are not part of the period.
 */
export function elapsedCounting(input: DeadlineInput, now: Instant): number {
  const clock = prepareClock(input);
  if (!Number.isFinite(now)) throw new LegalTimeError(`now must be a finite epoch-millisecond number, got ${now}`);
  if (clock.kind === 'elapsed') {
    const running = runningMsUntil(clock, now);
    const units = Math.ceil(clock.totalMs / clock.unitMs);
    return running <= 0 ? 0 : Math.min(units, Math.floor(running / clock.unitMs) + 1);
  }
  if (now < input.start) return 0;
  return walkDays(clock, localDayNumber(now)).counted;
}

/**
 * When to warn before `dueAt`. Hours are elapsed time; calendar days move the local wall-clock time back by
 * whole local days, so a midnight deadline gets a midnight warning whatever the UTC offset did in between.
 */
export function warningTime(dueAt: Instant, before: { amount: number; unit: 'hours' | 'calendarDays' }): Instant {
  if (!Number.isFinite(dueAt)) throw new LegalTimeError(`dueAt must be a finite epoch-millisecond number, got ${dueAt}`);
  if (!Number.isFinite(before.amount) || before.amount < 0) {
    throw new LegalTimeError(`warning lead must be a non-negative number, got ${before.amount}`);
  }
  if (before.unit === 'hours') return dueAt - before.amount * MS_PER_HOUR;
  if (before.unit !== 'calendarDays') throw new LegalTimeError(`unknown warning unit '${String(before.unit)}'`);
  if (!Number.isSafeInteger(before.amount)) throw new LegalTimeError(`calendar-day warning lead must be an integer, got ${before.amount}`);
  return localToInstant(dueAt + offsetMs(dueAt) - before.amount * MS_PER_DAY);
}
