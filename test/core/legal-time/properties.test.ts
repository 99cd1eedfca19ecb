// Property-based checks of the promises the rest of the system relies on: monotonicity (more tolling, more
// holidays, more extensions never bring a deadline forward), well-formed results, determinism, and agreement
// with a naive day-by-day reference written directly against luxon.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  computeDeadline,
  dayNumberToIsoDate,
  elapsedCounting,
  localDayNumber,
  startOfLocalDay,
  type CalendarDefinition,
  type DeadlineInput,
  type DurationUnit,
  type Instant,
  type IsoWeekday,
  type TollingInterval,
} from '../../../rules/legal-time/index';
import { pkt } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 300 };

// Mostly recent dates, plus Pakistan's daylight-saving years so offset changes are exercised.
const startArb = fc.oneof(
  fc.integer({ min: pkt('2025-01-01 00:00'), max: pkt('2027-12-31 00:00') }),
  fc.integer({ min: pkt('2007-12-01 00:00'), max: pkt('2009-12-31 00:00') }),
);

const HOLIDAY_NAMES = ['Kashmir Day', 'Pakistan Day', 'Labour Day', 'Eid-ul-Fitr', 'Ashura'];

const holidayArb = fc.record({ offset: fc.integer({ min: -3, max: 90 }), name: fc.constantFrom(...HOLIDAY_NAMES) });

/** A pause relative to the start; `open` pauses are rare so most clocks still produce a deadline. */
const tollingArb = fc.record({
  fromOffset: fc.integer({ min: -3 * DAY, max: 40 * DAY }),
  length: fc.oneof(fc.integer({ min: 0, max: 6 * HOUR }), fc.integer({ min: 0, max: 8 * DAY })),
  open: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  reason: fc.constantFrom('accused absconding', 'proceedings stayed', 'journey to magistrate'),
});

type TollingSpec = { fromOffset: number; length: number; open: boolean; reason: string };

function toTolling(start: Instant, spec: TollingSpec): TollingInterval {
  const from = start + spec.fromOffset;
  return spec.open ? { from, reason: spec.reason } : { from, to: from + spec.length, reason: spec.reason };
}

function calendarFor(start: Instant, closedWeekdays: IsoWeekday[], holidays: { offset: number; name: string }[]): CalendarDefinition {
  const startDay = localDayNumber(start);
  return { id: 'generated', closedWeekdays, holidays: holidays.map((h) => ({ date: dayNumberToIsoDate(startDay + h.offset), name: h.name })) };
}

function inputArb(units: DurationUnit[] = ['hours', 'calendarDays', 'workingDays'], rollForward: fc.Arbitrary<boolean> = fc.boolean()): fc.Arbitrary<DeadlineInput> {
  return fc
    .record({
      start: startArb,
      unit: fc.constantFrom(...units),
      amount: fc.integer({ min: 0, max: 45 }),
      rollForward,
      // At most three closed weekdays: a calendar with no open day is a guarded error, tested elsewhere.
      closedWeekdays: fc.subarray<IsoWeekday>([1, 2, 3, 4, 5, 6, 7], { maxLength: 3 }),
      holidays: fc.array(holidayArb, { maxLength: 12 }),
      tolling: fc.array(tollingArb, { maxLength: 3 }),
      extensions: fc.array(fc.record({ amount: fc.integer({ min: 0, max: 10 }), after: fc.integer({ min: 0, max: 20 * DAY }) }), { maxLength: 2 }),
    })
    .map(
      (g): DeadlineInput => ({
        start: g.start,
        duration: { amount: g.amount, unit: g.unit },
        calendar: calendarFor(g.start, g.closedWeekdays, g.holidays),
        rollForward: g.rollForward,
        tolling: g.tolling.map((t) => toTolling(g.start, t)),
        extensions: g.extensions.map((e, i) => ({ amount: e.amount, grantedBy: `officer_${i}`, grantedAt: g.start + e.after })),
      }),
    );
}

/** A paused clock (null) counts as later than any known deadline. */
function notEarlier(after: Instant | null, before: Instant | null): boolean {
  if (after === null) return true;
  return before !== null && after >= before;
}

/** Deterministic shuffle by a generated list of sort keys. */
function permute<T>(items: T[], keys: number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i] ?? 0, i })).sort((a, b) => a.key - b.key || a.i - b.i).map((x) => x.item);
}

describe('legal-time properties', () => {
  it('(a) adding a tolling interval never makes the deadline earlier', () => {
    fc.assert(
      fc.property(inputArb(), tollingArb, (input, extra) => {
        const before = computeDeadline(input);
        const after = computeDeadline({ ...input, tolling: [...input.tolling, toTolling(input.start, extra)] });
        expect(notEarlier(after.dueAt, before.dueAt)).toBe(true);
        expect(notEarlier(after.baseDueAt, before.baseDueAt)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(b) adding a holiday never makes a working-day or rolled-forward deadline earlier', () => {
    const arb = fc.oneof(inputArb(['workingDays']), inputArb(['calendarDays'], fc.constant(true)));
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 60 }), (input, offset) => {
        const calendar = input.calendar;
        if (calendar === undefined) throw new Error('generated input has a calendar');
        const date = dayNumberToIsoDate(localDayNumber(input.start) + offset);
        const withHoliday: CalendarDefinition = { ...calendar, holidays: [...calendar.holidays, { date, name: 'Youm-e-Takbeer' }] };
        const before = computeDeadline(input);
        const after = computeDeadline({ ...input, calendar: withHoliday });
        expect(notEarlier(after.dueAt, before.dueAt)).toBe(true);
      }),
      RUNS,
    );
  });

  it('(c) extensions never make the deadline earlier', () => {
    fc.assert(
      fc.property(inputArb(), fc.integer({ min: 0, max: 15 }), (input, amount) => {
        const before = computeDeadline(input);
        const after = computeDeadline({ ...input, extensions: [...input.extensions, { amount, grantedBy: 'magistrate', grantedAt: input.start }] });
        expect(notEarlier(after.dueAt, before.dueAt)).toBe(true);
        expect(after.totalAmount).toBe(before.totalAmount + amount);
      }),
      RUNS,
    );
  });

  it('(d) the deadline is never before the start, and a day deadline is always a local midnight', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const result = computeDeadline(input);
        if (result.status === 'paused') {
          expect(input.tolling.some((t) => t.to === undefined)).toBe(true);
          expect(result.baseDueAt).toBeNull();
          return;
        }
        expect(result.dueAt).toBeGreaterThanOrEqual(input.start);
        expect(result.baseDueAt).toBeLessThanOrEqual(result.dueAt);
        if (result.unit === 'hours') {
          expect(result.dueAt).toBe(result.baseDueAt);
          expect(result.dueAt - input.start).toBeGreaterThanOrEqual(result.totalAmount * HOUR);
        } else {
          for (const instant of [result.dueAt, result.baseDueAt]) {
            expect(startOfLocalDay(localDayNumber(instant))).toBe(instant);
          }
          // At least N counting days lie strictly after the start day.
          expect(localDayNumber(result.baseDueAt) - 1 - localDayNumber(input.start)).toBeGreaterThanOrEqual(result.totalAmount);
        }
      }),
      RUNS,
    );
  });

  it('(e) results are identical across runs and do not depend on the order of holidays, pauses or extensions', () => {
    const arb = inputArb().chain((input) =>
      fc.tuple(fc.constant(input), fc.array(fc.integer(), { minLength: 20, maxLength: 20 })),
    );
    fc.assert(
      fc.property(arb, ([input, keys]) => {
        const first = computeDeadline(input);
        expect(computeDeadline(input)).toEqual(first);
        const calendar = input.calendar;
        const reordered: DeadlineInput = {
          ...input,
          // A fresh calendar object, so the compiled-calendar cache cannot hide an order dependence.
          calendar: calendar === undefined ? undefined : { ...calendar, closedWeekdays: permute(calendar.closedWeekdays, keys), holidays: permute(calendar.holidays, keys.slice(3)) },
          tolling: permute(input.tolling, keys.slice(5)),
          extensions: permute(input.extensions, keys.slice(9)),
        };
        expect(computeDeadline(reordered)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('(f) elapsed counting grows with time, never passes the total, and reaches it as the period ends', () => {
    fc.assert(
      fc.property(inputArb(), fc.integer({ min: -2 * DAY, max: 80 * DAY }), fc.integer({ min: 0, max: 10 * DAY }), (input, offset, step) => {
        const result = computeDeadline(input);
        const earlier = elapsedCounting(input, input.start + offset);
        const later = elapsedCounting(input, input.start + offset + step);
        expect(earlier).toBeGreaterThanOrEqual(0);
        expect(later).toBeGreaterThanOrEqual(earlier);
        expect(later).toBeLessThanOrEqual(result.totalAmount);
        expect(elapsedCounting(input, input.start)).toBe(0);
        if (result.status === 'scheduled' && result.totalAmount > 0) {
          expect(elapsedCounting(input, result.baseDueAt - 1)).toBe(result.totalAmount);
        }
      }),
      RUNS,
    );
  });

  it('(g) day deadlines agree with a naive day-by-day count written against luxon', () => {
    fc.assert(
      fc.property(inputArb(['calendarDays', 'workingDays']), (input) => {
        expect(computeDeadline(input).dueAt).toBe(referenceDueAt(input));
      }),
      RUNS,
    );
  });
});

// The rules restated as plainly as possible, walking luxon DateTimes in the Karachi zone.
function referenceDueAt(input: DeadlineInput): Instant | null {
  const zone = 'Asia/Karachi';
  const closed = new Set<number>(input.calendar?.closedWeekdays ?? []);
  const holidays = new Set(input.calendar?.holidays.map((h) => h.date) ?? []);
  const isOpen = (day: DateTime): boolean => !closed.has(day.weekday) && !holidays.has(day.toISODate() ?? '');
  const nextDay = (day: DateTime): DateTime => day.plus({ days: 1 }).startOf('day');
  const touches = (day: DateTime, t: TollingInterval): boolean => {
    const to = t.to ?? Infinity;
    return to > t.from && t.from < nextDay(day).toMillis() && to > day.toMillis();
  };
  const total = input.duration.amount + input.extensions.reduce((sum, e) => sum + e.amount, 0);
  const working = input.duration.unit === 'workingDays';
  let day: DateTime = DateTime.fromMillis(input.start, { zone }).startOf('day');
  let counted = 0;
  while (counted < total) {
    day = nextDay(day);
    const pauses = input.tolling.filter((t) => touches(day, t));
    if (pauses.some((t) => t.to === undefined)) return null;
    if (pauses.length > 0 || (working && !isOpen(day))) continue;
    counted += 1;
  }
  if (working || input.rollForward) while (!isOpen(day)) day = nextDay(day);
  return nextDay(day).toMillis();
}
