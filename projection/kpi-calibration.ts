// Simulated vs observed: a simulation's baseline (the SOP in force, a cohort's assumptions, R replicates) beside
// the live KPIs of the same province and period, KPI by KPI and group by group. Where the observed value falls
// outside the range one replicate of the simulation would fall in 95 times in 100 (the prediction interval
// mean ± t·s·√(1 + 1/R)), the cohort's assumptions differ from reality there and the row is flagged.
// Shares and durations are compared; counts scale with the cohort's size and are left out.
import { KPI_CATALOGUE } from '../rules/kpi/kpi-catalogue';
import { kpiValueSortKey } from '../rules/kpi/kpi-accumulator';
import type { KpiDefinition, KpiValue } from '../rules/kpi/kpi-types';
import { meanWithCi95 } from '../simulator/engine/confidence-interval';
import { runSimulation } from '../simulator/run-simulation';
import type { CohortSpec } from '../simulator/cohort/cohort-spec';
import type { ReplicateResult, SimulationOptions } from '../simulator/simulation-types';

export interface CalibrationRow {
  kpi: string;
  group: Record<string, string>;
  observed: number | null;
  observedN: number;
  simulated: number | null;
  /** One replicate's 95% prediction interval; null with fewer than two replicates. */
  interval: [number, number] | null;
  /** outside: beyond the interval; not-simulated / not-observed: one side has no value for the group. */
  flag: 'ok' | 'outside' | 'not-simulated' | 'not-observed';
}

export interface Calibration {
  cohort: string;
  replicates: number;
  casesPerReplicate: number;
  rows: CalibrationRow[];
}

// The groups both sides hold: a province (and its districts and offence classes) with a KPI's own keys; months
// are left out (a cohort's calendar is its own).
const COMPARABLE_KEYS = new Set(['province', 'district', 'offenceClass', 'clock', 'stage']);

const keyOf = (v: { kpi: string; group: Record<string, string> }): string => kpiValueSortKey({ kpi: v.kpi, group: v.group, value: 0, n: 0 });

export function calibrate(
  observed: readonly KpiValue[],
  simulatedReplicates: readonly { kpis: readonly KpiValue[] }[],
  meta: { cohort: string; casesPerReplicate: number; province?: string },
  catalogue: readonly KpiDefinition[] = KPI_CATALOGUE,
): Calibration {
  const compared = new Set(catalogue.filter((d) => d.unit === 'share' || d.unit === 'days').map((d) => d.id));
  const wanted = (v: KpiValue): boolean =>
    compared.has(v.kpi) && Object.keys(v.group).every((k) => COMPARABLE_KEYS.has(k)) && (meta.province === undefined || v.group.province === undefined || v.group.province === meta.province);
  const sims = new Map<string, { kpi: string; group: Record<string, string>; values: number[] }>();
  for (const r of simulatedReplicates) {
    for (const v of r.kpis) {
      if (!wanted(v)) continue;
      const key = keyOf(v);
      let cell = sims.get(key);
      if (!cell) sims.set(key, (cell = { kpi: v.kpi, group: v.group, values: [] }));
      cell.values.push(v.value);
    }
  }
  const units = new Map(catalogue.map((d) => [d.id, d.unit]));
  const seen = new Map(observed.filter(wanted).map((v) => [keyOf(v), v]));
  const rows: CalibrationRow[] = [];
  for (const key of [...new Set([...sims.keys(), ...seen.keys()])].sort()) {
    const sim = sims.get(key);
    const obs = seen.get(key);
    const kpi = (obs ?? sim)!.kpi;
    const group = (obs ?? sim)!.group;
    let simulated: number | null = null;
    let interval: [number, number] | null = null;
    if (sim) {
      const { mean, ci95 } = meanWithCi95(sim.values);
      simulated = mean;
      // A replicate missing the group (nothing happened there) is left out of its spread.
      const r = sim.values.length;
      // Clamped to what the unit allows (a share within [0, 1], a duration from 0).
      const top = units.get(kpi) === 'share' ? 1 : Infinity;
      if (ci95) interval = [Math.max(0, mean - (mean - ci95[0]) * Math.sqrt(r + 1)), Math.min(top, mean + (ci95[1] - mean) * Math.sqrt(r + 1))];
    }
    const flag: CalibrationRow['flag'] = !sim ? 'not-simulated' : !obs ? 'not-observed' : interval && (obs.value < interval[0] || obs.value > interval[1]) ? 'outside' : 'ok';
    rows.push({ kpi, group, observed: obs?.value ?? null, observedN: obs?.n ?? 0, simulated, interval, flag });
  }
  return { cohort: meta.cohort, replicates: simulatedReplicates.length, casesPerReplicate: meta.casesPerReplicate, rows };
}

/** The SOP in force simulated on a cohort (the same pack as both sides: only the baseline is wanted). */
export async function simulatedBaseline(options: {
  sop: { path: string; bundle: SimulationOptions['baseline']['bundle'] };
  cohort: { path: string; spec: CohortSpec };
  cases?: number;
  replicates: number;
  seed: number;
}): Promise<{ replicates: ReplicateResult[]; casesPerReplicate: number }> {
  const report = await runSimulation({
    baseline: options.sop,
    proposal: options.sop,
    source: { kind: 'cohort', spec: options.cohort.spec, path: options.cohort.path },
    ...(options.cases !== undefined ? { cases: options.cases } : {}),
    seed: options.seed,
    replicates: options.replicates,
    threads: 1,
  });
  return { replicates: report.baseline, casesPerReplicate: report.meta.casesPerReplicate };
}
