// How many FIRs each district registers on each day, and the global index of every case. Deterministic
// (largest-remainder rounding of the expected counts), with indices in district order, so any thread can
// rebuild the plan and a district's cases always carry the same indices.
import { dayNumberToIsoDate, isoDateToDayNumber } from '../../rules/legal-time/local-days';
import type { CohortSpec } from '../cohort/cohort-spec';

export interface DistrictArrivals {
  district: string;
  /** Global index of the district's first case; its cases are firstIndex … firstIndex + count − 1. */
  firstIndex: number;
  count: number;
  /** Local day number of each case's FIR, in index order (non-decreasing). */
  dayOf: Int32Array;
}

export function planArrivals(spec: CohortSpec, cases?: number): DistrictArrivals[] {
  const startDay = isoDateToDayNumber(spec.start);
  const season = spec.arrivals.seasonality;
  const monthFactor: number[] = [];
  for (let k = 0; k < spec.days; k++) monthFactor.push(season ? season[Number(dayNumberToIsoDate(startDay + k).slice(5, 7)) - 1]! : 1);
  const districts = spec.arrivals.districts;
  const weights = districts.map((d) => monthFactor.map((f) => d.perDay * f));
  const totalWeight = weights.flat().reduce((s, w) => s + w, 0);
  const target = cases ?? Math.round(totalWeight);

  // Districts first (largest remainder), then each district's cases spread over its days by cumulative
  // rounding, so a small cohort still spans every district and the whole arrival window.
  const totals = weights.map((row) => row.reduce((s, w) => s + w, 0));
  const perDistrict = largestRemainder(totals, target);
  const counts = weights.map((row, d) => {
    const n = perDistrict[d]!;
    const out = row.map(() => 0);
    const step = totals[d]! / Math.max(n, 1);
    let cumulative = 0;
    let k = 0;
    for (let j = 0; j < n; j++) {
      const mark = (j + 0.5) * step;
      while (k < row.length - 1 && cumulative + row[k]! < mark) cumulative += row[k++]!;
      out[k]!++;
    }
    return out;
  });

  let next = 0;
  return districts.map((d, i) => {
    const row = counts[i]!;
    const count = row.reduce((s, c) => s + c, 0);
    const dayOf = new Int32Array(count);
    let j = 0;
    row.forEach((c, k) => {
      for (let n = 0; n < c; n++) dayOf[j++] = startDay + k;
    });
    const plan = { district: d.id, firstIndex: next, count, dayOf };
    next += count;
    return plan;
  });
}

function largestRemainder(weights: readonly number[], target: number): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map((w) => Math.floor((target * w) / total));
  let remainder = target - counts.reduce((s, c) => s + c, 0);
  const order = weights.map((w, i) => ({ i, frac: (target * w) / total - counts[i]! })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (remainder-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}
