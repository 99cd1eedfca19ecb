// What the console table and the HTML report show, derived once from a simulation report: per-side means over
// replicates, the cohort-wide KPIs with their deltas, clock verdicts, and supervisor load per role and level.
import type { KpiDefinition, KpiDelta, ReplicateResult, SimulationReport } from '../simulation-types';
import { deltaVerdict } from './format-kpi';

export const LOAD_KPI = 'escalations.per_role_month';
const CLOCK_MET = 'clock.met_share';
const CLOCK_BREACHED = 'clock.breached_share';
/** Group keys that split the cohort (by place or offence); the summary shows the cohort as a whole. */
const COHORT_SPLITS = new Set(['province', 'district', 'offenceClass']);

export interface SummaryRow {
  kpi: string;
  label: string;
  unit: KpiDefinition['unit'];
  better: KpiDefinition['better'];
  group: Record<string, string>;
  /** e.g. "interim-report" for {clock: "interim-report"}; "" for the whole cohort. */
  groupLabel: string;
  baseline: number | null;
  proposal: number | null;
  delta: number | null;
  ci95: [number, number] | null;
  verdict: ReturnType<typeof deltaVerdict>;
}

export interface LoadRow {
  role: string;
  level: string;
  baselinePerMonth: number;
  proposalPerMonth: number;
  baselinePerDistrictMonth: number | null;
  proposalPerDistrictMonth: number | null;
}

export interface ReportView {
  summary: SummaryRow[];
  clocks: { clock: string; baseline: { met: number; breached: number } | null; proposal: { met: number; breached: number } | null }[];
  load: {
    months: string[];
    series: { role: string; level: string; baseline: number[]; proposal: number[] }[];
    rows: LoadRow[];
    districts: number;
  };
  refused: { baseline: number; proposal: number };
  cases: { baseline: number; proposal: number };
}

export function groupKey(group: Record<string, string>): string {
  return JSON.stringify(Object.keys(group).sort().map((k) => [k, group[k]!]));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function definitionOf(catalogue: readonly KpiDefinition[], kpi: string): KpiDefinition {
  return catalogue.find((d) => d.id === kpi) ?? { id: kpi, label: kpi, unit: 'count', better: 'neither', description: '' };
}

/** Mean over replicates of each (KPI, group). A count missing from a replicate is zero there; any other KPI is left out. */
export function sideMeans(results: readonly ReplicateResult[], catalogue: readonly KpiDefinition[]): Map<string, { kpi: string; group: Record<string, string>; value: number }> {
  const sums = new Map<string, { kpi: string; group: Record<string, string>; sum: number; seen: number }>();
  for (const r of results) {
    for (const v of r.kpis) {
      const key = `${v.kpi} ${groupKey(v.group)}`;
      const cell = sums.get(key);
      if (cell) {
        cell.sum += v.value;
        cell.seen++;
      } else sums.set(key, { kpi: v.kpi, group: v.group, sum: v.value, seen: 1 });
    }
  }
  const out = new Map<string, { kpi: string; group: Record<string, string>; value: number }>();
  for (const [key, { kpi, group, sum, seen }] of [...sums].sort((a, b) => compare(a[0], b[0]))) {
    const unit = definitionOf(catalogue, kpi).unit;
    const divisor = unit === 'count' || unit === 'per-month' ? results.length : seen;
    out.set(key, { kpi, group, value: divisor === 0 ? 0 : sum / divisor });
  }
  return out;
}

function groupLabel(group: Record<string, string>): string {
  return Object.keys(group)
    .sort()
    .map((k) => group[k]!)
    .join(' · ');
}

function summaryRows(report: SimulationReport, baseline: ReturnType<typeof sideMeans>, proposal: ReturnType<typeof sideMeans>): SummaryRow[] {
  const deltas = new Map<string, KpiDelta>(report.deltas.map((d) => [`${d.kpi} ${groupKey(d.group)}`, d]));
  const keys = new Set<string>();
  for (const [key, v] of [...baseline, ...proposal]) {
    if (v.kpi === LOAD_KPI || Object.keys(v.group).some((k) => COHORT_SPLITS.has(k))) continue;
    keys.add(key);
  }
  const order = new Map(report.catalogue.map((d, i) => [d.id, i]));
  const rows: SummaryRow[] = [];
  for (const key of keys) {
    const b = baseline.get(key);
    const p = proposal.get(key);
    const { kpi, group } = (b ?? p)!;
    const def = definitionOf(report.catalogue, kpi);
    const d = deltas.get(key);
    const bv = d ? d.baseline : (b?.value ?? null);
    const pv = d ? d.proposal : (p?.value ?? null);
    const delta = d ? d.delta : bv !== null && pv !== null ? pv - bv : null;
    const ci95 = d?.ci95 ?? null;
    rows.push({
      kpi,
      label: def.label,
      unit: def.unit,
      better: def.better,
      group,
      groupLabel: groupLabel(group),
      baseline: bv,
      proposal: pv,
      delta,
      ci95,
      verdict: delta === null ? 'unsure' : deltaVerdict(def.better, delta, ci95),
    });
  }
  return rows.sort((a, b) => (order.get(a.kpi) ?? Infinity) - (order.get(b.kpi) ?? Infinity) || compare(a.kpi, b.kpi) || compare(groupKey(a.group), groupKey(b.group)));
}

function clockRows(baseline: ReturnType<typeof sideMeans>, proposal: ReturnType<typeof sideMeans>): ReportView['clocks'] {
  const clocks = new Set<string>();
  for (const v of [...baseline.values(), ...proposal.values()]) {
    if (v.kpi === CLOCK_MET && Object.keys(v.group).length === 1 && v.group.clock) clocks.add(v.group.clock);
  }
  const verdicts = (side: ReturnType<typeof sideMeans>, clock: string): { met: number; breached: number } | null => {
    const met = side.get(`${CLOCK_MET} ${groupKey({ clock })}`);
    const breached = side.get(`${CLOCK_BREACHED} ${groupKey({ clock })}`);
    return met || breached ? { met: met?.value ?? 0, breached: breached?.value ?? 0 } : null;
  };
  return [...clocks].sort(compare).map((clock) => ({ clock, baseline: verdicts(baseline, clock), proposal: verdicts(proposal, clock) }));
}

function loadView(report: SimulationReport, baseline: ReturnType<typeof sideMeans>, proposal: ReturnType<typeof sideMeans>): ReportView['load'] {
  const months = new Set<string>();
  const roles = new Map<string, { role: string; level: string }>();
  const cells = (side: ReturnType<typeof sideMeans>): Map<string, number> => {
    const out = new Map<string, number>();
    for (const v of side.values()) {
      const { role, level, month } = v.group;
      if (v.kpi !== LOAD_KPI || role === undefined || level === undefined || month === undefined) continue;
      if (Object.keys(v.group).length !== 3) continue;
      months.add(month);
      roles.set(`${level.padStart(3, '0')} ${role}`, { role, level });
      out.set(`${role} ${level} ${month}`, v.value);
    }
    return out;
  };
  const b = cells(baseline);
  const p = cells(proposal);
  const monthList = [...months].sort(compare);
  const districts = new Set<string>();
  for (const r of [...report.baseline, ...report.proposal]) for (const v of r.kpis) if (v.group.district !== undefined) districts.add(`${v.group.province ?? ''}/${v.group.district}`);
  const series = [...roles]
    .sort((x, y) => compare(x[0], y[0]))
    .map(([, { role, level }]) => ({
      role,
      level,
      baseline: monthList.map((m) => b.get(`${role} ${level} ${m}`) ?? 0),
      proposal: monthList.map((m) => p.get(`${role} ${level} ${m}`) ?? 0),
    }));
  const perMonth = (values: number[]): number => (monthList.length === 0 ? 0 : values.reduce((s, x) => s + x, 0) / monthList.length);
  const rows = series.map((s) => {
    const baselinePerMonth = perMonth(s.baseline);
    const proposalPerMonth = perMonth(s.proposal);
    return {
      role: s.role,
      level: s.level,
      baselinePerMonth,
      proposalPerMonth,
      baselinePerDistrictMonth: districts.size > 0 ? baselinePerMonth / districts.size : null,
      proposalPerDistrictMonth: districts.size > 0 ? proposalPerMonth / districts.size : null,
    };
  });
  return { months: monthList, series, rows, districts: districts.size };
}

export function reportView(report: SimulationReport): ReportView {
  const baseline = sideMeans(report.baseline, report.catalogue);
  const proposal = sideMeans(report.proposal, report.catalogue);
  const total = (results: readonly ReplicateResult[], pick: (r: ReplicateResult) => number): number => results.reduce((s, r) => s + pick(r), 0);
  return {
    summary: summaryRows(report, baseline, proposal),
    clocks: clockRows(baseline, proposal),
    load: loadView(report, baseline, proposal),
    refused: { baseline: total(report.baseline, (r) => r.refusedEvents), proposal: total(report.proposal, (r) => r.refusedEvents) },
    cases: { baseline: total(report.baseline, (r) => r.cases), proposal: total(report.proposal, (r) => r.cases) },
  };
}
