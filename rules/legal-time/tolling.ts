// The union of tolling intervals. A clock may be paused on several grounds at once (a stay, then the accused
// absconds), each ground contributing its own intervals; the law tolls while ANY ground holds, so the time the
// clock did not run is exactly the union of those intervals. Every count in the calculus starts from it.
import { LegalTimeError } from './errors';
import type { TollingInterval } from './types';

function checkInstant(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new LegalTimeError(`${what} must be a finite epoch-millisecond number, got ${value}`);
}

/** Refuses a malformed interval: non-finite bounds, or an end before its start. */
export function checkTolling(interval: TollingInterval): void {
  checkInstant(interval.from, `tolling '${interval.reason}' from`);
  if (interval.to !== undefined) {
    checkInstant(interval.to, `tolling '${interval.reason}' to`);
    if (interval.to < interval.from) throw new LegalTimeError(`tolling '${interval.reason}' ends before it starts`);
  }
}

/** "ground stay (STAY_ORDERED)": the ground a pause is held on, and what began it, when they differ. */
export function pauseName(interval: TollingInterval): string {
  return interval.ground !== undefined && interval.ground !== interval.reason ? `ground ${interval.ground} (${interval.reason})` : interval.reason;
}

/**
 * The union of possibly overlapping, nested, touching or open-ended intervals: disjoint, ascending, and
 * non-adjacent (intervals that touch are one pause, as the clock never ran between them). An open interval (no
 * `to`) absorbs everything after it, so at most the last result is open. Zero-length closed intervals stop the
 * clock for no time and are dropped. Each result's reason names its grounds, distinct and in order of onset.
 */
export function unionOfTolling(intervals: readonly TollingInterval[]): TollingInterval[] {
  for (const interval of intervals) checkTolling(interval);
  const end = (i: TollingInterval): number => i.to ?? Infinity;
  const sorted = intervals
    .filter((i) => i.to === undefined || i.to > i.from)
    .sort((a, b) => a.from - b.from || end(a) - end(b) || a.reason.localeCompare(b.reason));
  const merged: { from: number; to: number; reasons: string[] }[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.from <= last.to) {
      last.to = Math.max(last.to, end(interval));
      if (!last.reasons.includes(pauseName(interval))) last.reasons.push(pauseName(interval));
    } else {
      merged.push({ from: interval.from, to: end(interval), reasons: [pauseName(interval)] });
    }
  }
  return merged.map(({ from, to, reasons }) =>
    to === Infinity ? { from, reason: reasons.join(' + ') } : { from, to, reason: reasons.join(' + ') },
  );
}
