// A fixed-bin histogram of durations: bounded memory whatever the number of cases, and merging two is exact
// (bin counts add), so percentiles do not depend on how cases were split across threads.
// Bins: one per hour below 10 days, then 2% wide (about 300 bins up to ten years).

const LINEAR_HOURS = 240;
const LOG_STEP = Math.log(1.02);
const MS_PER_HOUR = 3_600_000;

/** Bin index → count. Plain object so it serialises; integer keys keep ascending order in JS. */
export type DurationHistogram = Record<number, number>;

export function binOf(ms: number): number {
  const hours = Math.max(0, ms) / MS_PER_HOUR;
  if (hours < LINEAR_HOURS) return Math.floor(hours);
  return LINEAR_HOURS + Math.floor(Math.log(hours / LINEAR_HOURS) / LOG_STEP);
}

/** The bin's lower and upper edges in hours. */
function edges(bin: number): [number, number] {
  if (bin < LINEAR_HOURS) return [bin, bin + 1];
  const k = bin - LINEAR_HOURS;
  return [LINEAR_HOURS * Math.exp(k * LOG_STEP), LINEAR_HOURS * Math.exp((k + 1) * LOG_STEP)];
}

export function addDuration(histogram: DurationHistogram, ms: number): void {
  const bin = binOf(ms);
  histogram[bin] = (histogram[bin] ?? 0) + 1;
}

export function mergeHistogram(into: DurationHistogram, from: DurationHistogram): void {
  for (const [bin, count] of Object.entries(from)) into[Number(bin)] = (into[Number(bin)] ?? 0) + count;
}

export function histogramCount(histogram: DurationHistogram): number {
  let n = 0;
  for (const count of Object.values(histogram)) n += count;
  return n;
}

/** Nearest-rank quantile, as the midpoint of its bin, in days (rounded to 0.001 so output is stable). */
export function quantileDays(histogram: DurationHistogram, q: number): number | null {
  const bins = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b);
  const n = histogramCount(histogram);
  if (n === 0) return null;
  const rank = quantileRank(q, n);
  let seen = 0;
  for (const bin of bins) {
    seen += histogram[bin]!;
    if (seen >= rank) return binMidDays(bin);
  }
  return null;
}

/** The rank (1-based) of the q-quantile among n durations: the live read model ranks bins in SQL by the same rule. */
export function quantileRank(q: number, n: number): number {
  return Math.max(1, Math.ceil(q * n));
}

/** A bin's midpoint in days (rounded to 0.001): what a quantile falling in that bin reads as. */
export function binMidDays(bin: number): number {
  const [lo, hi] = edges(bin);
  return Math.round(((lo + hi) / 2 / 24) * 1000) / 1000;
}
