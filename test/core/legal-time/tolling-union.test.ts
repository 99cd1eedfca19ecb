// Property: a clock paused on several grounds at once (intervals overlapping, nested, adjacent, open-ended, in
// any order) has the same due time as one given only the union of those intervals; and the union is exactly
// that set of instants, as disjoint ascending intervals. Plus calendar months against luxon.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  computeDeadline,
  describeClock,
  localDayNumber,
  monthsEndDay,
  unionOfTolling,
  type DeadlineInput,
  type DurationUnit,
  type TollingCounting,
  type TollingInterval,
} from '../../../rules/legal-time/index';
import { pkt, punjabCourts } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RUNS = { numRuns: 400 };
const GROUNDS = ['stay', 'absconding', 'judicial custody', 'medical leave'];

const startArb = fc.integer({ min: pkt('2025-01-01 00:00'), max: pkt('2027-12-31 00:00') });

/**
 * Intervals built on a small set of breakpoints so that shared ends (adjacent intervals), identical intervals,
 * nesting and overlaps are all common; one in ten is open-ended.
 */
const groundsArb = fc
  .record({
    points: fc.array(fc.oneof(fc.integer({ min: -2 * DAY, max: 60 * DAY }), fc.integer({ min: 0, max: 48 }).map((h) => h * 6 * HOUR)), { minLength: 2, maxLength: 8 }),
    picks: fc.array(
      fc.record({ a: fc.nat(), b: fc.nat(), open: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), ground: fc.constantFrom(...GROUNDS) }),
      { minLength: 0, maxLength: 7 },
    ),
  })
  .map(({ points, picks }) => ({ points: [...points].sort((x, y) => x - y), picks }));

function toIntervals(start: number, g: { points: number[]; picks: { a: number; b: number; open: boolean; ground: string }[] }): TollingInterval[] {
  return g.picks.map((p) => {
    const i = p.a % g.points.length;
    const j = p.b % g.points.length;
    const from = start + g.points[Math.min(i, j)]!;
    const to = start + g.points[Math.max(i, j)]!;
    return p.open ? { from, reason: p.ground } : { from, to, reason: p.ground };
  });
}

const UNITS: DurationUnit[] = ['hours', 'calendarDays', 'workingDays', 'months', 'years'];

const clockArb = fc.record({
  start: startArb,
  unit: fc.constantFrom(...UNITS),
  amount: fc.integer({ min: 0, max: 40 }),
  rollForward: fc.boolean(),
  elapsed: fc.boolean(),
  extension: fc.integer({ min: 0, max: 3 }),
  grounds: groundsArb,
  seed: fc.integer(),
});

type ClockCase = typeof clockArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: ClockCase, tolling: TollingInterval[]): DeadlineInput {
  const amount = c.unit === 'months' ? c.amount % 13 : c.unit === 'years' ? c.amount % 3 : c.amount;
  const counting: TollingCounting = c.elapsed && c.unit !== 'workingDays' ? 'elapsed-time' : 'whole-days-excluded';
  return {
    start: c.start,
    duration: { amount, unit: c.unit },
    calendar: punjabCourts,
    rollForward: c.rollForward,
    tolling,
    extensions: c.extension > 0 ? [{ amount: c.extension, grantedBy: 'dpp', grantedAt: c.start + DAY }] : [],
    counting,
  };
}

/** Deterministic shuffle, so the order the grounds arrive in is arbitrary too. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    const k = s % (i + 1);
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

const covers = (intervals: TollingInterval[], t: number): boolean => intervals.some((i) => t >= i.from && (i.to === undefined || t < i.to));

describe('tolling on several grounds: the due time is that of the union of the tolled intervals', () => {
  it('computeDeadline(intervals) equals computeDeadline(unionOfTolling(intervals)), in any order', () => {
    fc.assert(
      fc.property(clockArb, (c) => {
        const intervals = toIntervals(c.start, c.grounds);
        const union = unionOfTolling(intervals);
        const fromGrounds = computeDeadline(inputOf(c, shuffled(intervals, c.seed)));
        const fromUnion = computeDeadline(inputOf(c, union));
        expect(fromGrounds).toEqual(fromUnion);
        // The union's own union is itself: nothing left to merge.
        expect(unionOfTolling(union)).toEqual(union);
      }),
      RUNS,
    );
  });

  it('the union is disjoint, ascending, never adjacent, open only at the end, and covers exactly the same instants', () => {
    fc.assert(
      fc.property(startArb, groundsArb, (start, g) => {
        const intervals = toIntervals(start, g);
        const union = unionOfTolling(intervals);
        union.forEach((u, k) => {
          if (u.to !== undefined) expect(u.to).toBeGreaterThan(u.from);
          else expect(k).toBe(union.length - 1);
          const next = union[k + 1];
          if (next !== undefined) expect(next.from).toBeGreaterThan(u.to!);
        });
        const probes = new Set<number>();
        for (const i of intervals) for (const t of [i.from - 1, i.from, i.from + 1, i.to ?? i.from + DAY, (i.to ?? i.from) - 1]) probes.add(t);
        for (const t of probes) expect(covers(union, t)).toBe(covers(intervals, t));
      }),
      RUNS,
    );
  });

  it('a stay, then the accused absconds, then the stay is vacated: the clock stays paused until the arrest', () => {
    const start = pkt('2026-03-02 10:00');
    const stay: TollingInterval = { from: pkt('2026-03-05 10:00'), to: pkt('2026-03-20 10:00'), reason: 'stay' };
    const absconding: TollingInterval = { from: pkt('2026-03-10 10:00'), reason: 'absconding' };
    const input: DeadlineInput = { start, duration: { amount: 14, unit: 'calendarDays' }, rollForward: false, tolling: [stay, absconding], extensions: [] };
    expect(computeDeadline(input)).toMatchObject({ status: 'paused', pausedSince: { since: stay.from, reason: 'stay + absconding' } });
    // Arrest on 25 March: tolled 5–25 March (21 days), 14 counting days: 3, 4, then 26 March … 6 April.
    const arrested = { ...input, tolling: [stay, { ...absconding, to: pkt('2026-03-25 10:00') }] };
    expect(computeDeadline(arrested).dueAt).toBe(pkt('2026-04-07 00:00'));
    // The ledger still shows each ground.
    const lines = describeClock(arrested, pkt('2026-04-01 12:00')).lines.join('\n');
    expect(lines).toContain('excluded: stay from 2026-03-05 to 2026-03-20');
    expect(lines).toContain('excluded: absconding from 2026-03-10 to 2026-03-25');
  });
});

describe('calendar months agree with luxon in Asia/Karachi', () => {
  it('monthsEndDay(day, n) is the local date luxon reaches with plus({ months: n })', () => {
    fc.assert(
      fc.property(fc.integer({ min: pkt('1990-01-01 00:00'), max: pkt('2090-12-31 00:00') }), fc.integer({ min: 0, max: 240 }), (start, months) => {
        const viaLuxon = DateTime.fromMillis(start, { zone: 'Asia/Karachi' }).startOf('day').plus({ months });
        expect(monthsEndDay(localDayNumber(start), months)).toBe(localDayNumber(viaLuxon.toMillis()));
      }),
      RUNS,
    );
  });
});
