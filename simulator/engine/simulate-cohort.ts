// A whole cohort in this thread, every case's result handed back: for fidelity checks, replays and small runs
// that need the cases themselves (scripts, final states) rather than only their KPIs.
import type { SopBundle } from '../../rules/loader/load-sop';
import type { CohortSpec } from '../cohort/cohort-spec';
import { planArrivals } from './arrival-plan';
import { simulateBatch, type SimulatedCase } from './simulate-batch';

export function simulateCohort(spec: CohortSpec, bundle: SopBundle, seed: number, cases?: number): Promise<SimulatedCase[]> {
  const out: SimulatedCase[] = [];
  for (const arrivals of planArrivals(spec, cases)) {
    simulateBatch({ spec, bundle, seed, arrivals, from: 0, to: arrivals.count, onCase: (c) => out.push(c) });
  }
  return Promise.resolve(out.sort((a, b) => a.index - b.index));
}
