// The clock ledger: a plain-language account of a clock for case files, dashboards and the people who must
// defend a deadline in court. Built from the same trace as computeDeadline so the words match the numbers.
import { lastTouchedDay, type OpenPause } from './clock';
import { elapsedCounting, traceDeadline, type DeadlineResult, type DeadlineTrace } from './deadline';
import { pauseName } from './tolling';
import { dayNumberToIsoDate, formatLocalDate, formatLocalDateTime, LEGAL_ZONE, localDayNumber, MS_PER_DAY, MS_PER_HOUR } from './local-days';
import type { DeadlineInput, DurationUnit, Instant, TollingInterval } from './types';

export interface ClockLedger {
  /** One line, e.g. "day 12 of 14; 3 days excluded: …; due 2026-03-19 (end of day, Asia/Karachi)". */
  summary: string;
  /** The full account, one fact per line, in order. */
  lines: string[];
}

const NOUNS: Record<DurationUnit, [string, string]> = {
  calendarDays: ['day', 'days'],
  workingDays: ['working day', 'working days'],
  hours: ['hour', 'hours'],
  months: ['month', 'months'],
  years: ['year', 'years'],
};

/** What a period is counted in: months and years count their days ("day 45 of 184"). */
function countingNoun(unit: DurationUnit): DurationUnit {
  return unit === 'months' || unit === 'years' ? 'calendarDays' : unit;
}

function amountOf(unit: DurationUnit, amount: number): string {
  const [one, many] = NOUNS[unit];
  // Excluded hours may be fractional; two decimals is finer than any statute counts.
  const shown = Number.isInteger(amount) ? String(amount) : String(Number(amount.toFixed(2)));
  return `${shown} ${amount === 1 ? one : many}`;
}

function excludedAmount(result: DeadlineResult): number {
  return result.unit === 'hours' ? result.excludedHours : result.excludedDays;
}

/** The unit tolling is reported in: hours for hours clocks, days for every other. */
function exclusionNoun(unit: DurationUnit): DurationUnit {
  return unit === 'hours' ? 'hours' : unit === 'workingDays' ? 'workingDays' : 'calendarDays';
}

interface Attributed {
  interval: TollingInterval;
  amount: number;
  span: string;
}

// Each closed pause (each ground) is credited with the excluded days (or time) it touched. Overlapping pauses
// may both be credited with the same time; the total in the result counts it once (the union).
function attribute(input: DeadlineInput, trace: DeadlineTrace): Attributed[] {
  const { result, excludedDayNumbers } = trace;
  const closed = input.tolling
    .filter((interval): interval is TollingInterval & { to: Instant } => interval.to !== undefined && interval.to > interval.from)
    .sort((a, b) => a.from - b.from || a.to - b.to || a.reason.localeCompare(b.reason));
  if (trace.kind === 'elapsed') {
    const end = result.status === 'scheduled' ? result.dueAt : result.pausedSince.since;
    const per = result.unit === 'hours' ? MS_PER_HOUR : MS_PER_DAY;
    return closed.map((interval) => {
      const overlap = Math.max(0, Math.min(interval.to, end) - Math.max(interval.from, input.start));
      return {
        interval,
        amount: overlap / per,
        span: `from ${formatLocalDateTime(interval.from)} to ${formatLocalDateTime(interval.to)}`,
      };
    });
  }
  return closed.map((interval) => {
    const first = localDayNumber(interval.from);
    const last = lastTouchedDay(interval.to);
    return {
      interval,
      amount: excludedDayNumbers.filter((day) => day >= first && day <= last).length,
      span: `from ${dayNumberToIsoDate(first)} to ${dayNumberToIsoDate(last)}`,
    };
  });
}

function periodLine(input: DeadlineInput, trace: DeadlineTrace): string {
  const { amount, unit } = input.duration;
  const id = input.calendar?.id ?? '';
  if (trace.kind === 'elapsed' && unit !== 'hours') {
    return `period: ${amountOf(unit, amount)} of running time from the start (elapsed-time counting); exactly the paused time does not count`;
  }
  switch (unit) {
    case 'hours':
      return `period: ${amountOf(unit, amount)} of running time; paused time does not count`;
    case 'months':
    case 'years':
      return (
        `period: ${amountOf(unit, amount)} by the calendar (General Clauses Act s.3(35)), ending on the same-numbered day ` +
        `(or the month's last day), here ${trace.countingTotal} days; a day paused for any part of it adds a day` +
        (input.rollForward ? `; a closed last day rolls forward to the next open day of calendar '${id}'` : '')
      );
    case 'workingDays':
      return `period: ${amountOf(unit, amount)} of calendar '${id}', counted from the day after the start; closed days and tolled days do not count`;
    case 'calendarDays':
      return (
        `period: ${amountOf(unit, amount)}, counted from the day after the start (General Clauses Act: the start day is not counted); ` +
        'a day paused for any part of it does not count' +
        (input.rollForward ? `; a closed last day rolls forward to the next open day of calendar '${id}'` : '')
      );
  }
}

/** "day 12 of 14; 3 days excluded: …; extended by …; rolled forward over …; due …" plus a line-by-line account. */
export function describeClock(input: DeadlineInput, now: Instant): ClockLedger {
  const trace = traceDeadline(input);
  const { result } = trace;
  const unit = input.duration.unit;
  const isHours = trace.kind === 'elapsed';
  // Day clocks are counted in whole local days, so a date is the honest precision; hour clocks need the time.
  const when = (instant: Instant): string => (isHours ? formatLocalDateTime(instant) : formatLocalDate(instant));
  const summary: string[] = [];
  const lines: string[] = [];

  const position = `${NOUNS[countingNoun(unit)][0]} ${elapsedCounting(input, now)} of ${trace.countingTotal}`;
  summary.push(position);
  lines.push(`start: ${formatLocalDateTime(input.start)} (${LEGAL_ZONE})`, periodLine(input, trace));

  const attributed = attribute(input, trace);
  const excluded = excludedAmount(result);
  const excludedIn = exclusionNoun(unit);
  if (excluded > 0) {
    const credited = attributed.filter((a) => a.amount > 0).map((a) => `${pauseName(a.interval)} ${a.span}`);
    summary.push(`${amountOf(excludedIn, excluded)} excluded: ${credited.join(', ')}`);
  }
  for (const a of attributed) {
    lines.push(
      a.amount > 0
        ? `${amountOf(excludedIn, a.amount)} excluded: ${pauseName(a.interval)} ${a.span}`
        : `nothing excluded: ${pauseName(a.interval)} ${a.span} (the clock was not counting then)`,
    );
  }

  const extensions = [...input.extensions].sort((a, b) => a.grantedAt - b.grantedAt || a.grantedBy.localeCompare(b.grantedBy));
  if (extensions.length > 0) {
    const granted = extensions.map((e) => `${amountOf(unit, e.amount)} by ${e.grantedBy} on ${when(e.grantedAt)}`);
    summary.push(`extended by ${granted.join(', ')}`);
    for (const g of granted) lines.push(`extended by ${g}`);
    lines.push(`total: ${amountOf(unit, result.totalAmount)}`);
  }

  if (result.rolledForwardOver.length > 0) {
    const over = `rolled forward over ${result.rolledForwardOver.map((d) => `${d.date} (${d.reason})`).join(', ')}`;
    summary.push(over);
    lines.push(`period ends ${dayNumberToIsoDate(localDayNumber(result.baseDueAt ?? input.start) - 1)} (end of day)`, over);
  }

  const openPauses = input.tolling.filter((interval) => interval.to === undefined);
  if (result.status === 'paused') {
    const paused = pausedText(result.pausedSince, when);
    summary.push(paused);
    lines.push(`${paused}: the deadline is not known until the pause ends`);
  } else {
    const due = isHours
      ? `due ${formatLocalDateTime(result.dueAt)} (${LEGAL_ZONE})`
      : `due ${dayNumberToIsoDate(localDayNumber(result.dueAt) - 1)} (end of day, ${LEGAL_ZONE})`;
    summary.push(due);
    lines.push(due);
    // An open pause that began after the period ran out cannot revive a clock that has already expired.
    for (const p of openPauses) lines.push(`${pausedText({ since: p.from, reason: pauseName(p) }, when)}: began after the period ran out; no effect`);
    if (now >= result.dueAt) summary.push('overdue');
  }
  lines.push(`now ${formatLocalDateTime(now)} (${LEGAL_ZONE}): ${position}${result.status === 'scheduled' && now >= result.dueAt ? ', overdue' : ''}`);
  return { summary: summary.join('; '), lines };
}

function pausedText(pause: OpenPause, when: (instant: Instant) => string): string {
  return `paused since ${when(pause.since)} (${pause.reason})`;
}
