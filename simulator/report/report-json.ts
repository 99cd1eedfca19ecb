// The report as JSON, byte-identical for the same report: every object is rebuilt with a fixed key order, group
// keys sorted, and KPI values and deltas sorted by KPI id and group — whatever order they were produced in.
import type { KpiDelta, KpiValue, ReplicateResult, SimulationReport } from '../simulation-types';
import { groupKey } from './report-view';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedGroup(group: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(group).sort().map((k) => [k, group[k]!]));
}

/** By KPI id, then coarser groups first (the whole cohort before its splits), then group keys and values. */
function byKpiAndGroup<T extends { kpi: string; group: Record<string, string> }>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, size: Object.keys(item.group).length, key: groupKey(item.group) }))
    .sort((a, b) => compare(a.item.kpi, b.item.kpi) || a.size - b.size || compare(a.key, b.key))
    .map((x) => x.item);
}

function kpiValue(v: KpiValue): KpiValue {
  return { kpi: v.kpi, group: sortedGroup(v.group), value: v.value, n: v.n };
}

function replicate(r: ReplicateResult): ReplicateResult {
  return { replicate: r.replicate, seed: r.seed, cases: r.cases, refusedEvents: r.refusedEvents, kpis: byKpiAndGroup(r.kpis).map(kpiValue) };
}

function delta(d: KpiDelta): KpiDelta {
  return { kpi: d.kpi, group: sortedGroup(d.group), baseline: d.baseline, proposal: d.proposal, delta: d.delta, ci95: d.ci95 ? [d.ci95[0], d.ci95[1]] : null };
}

/** The deterministic form of a report: what the JSON file holds, and what the other writers read. */
export function canonicalReport(report: SimulationReport): SimulationReport {
  const { meta } = report;
  return {
    meta: {
      tool: meta.tool,
      baseline: { path: meta.baseline.path, sopHash: meta.baseline.sopHash, version: meta.baseline.version },
      proposal: { path: meta.proposal.path, sopHash: meta.proposal.sopHash, version: meta.proposal.version },
      source: { kind: meta.source.kind, path: meta.source.path },
      seed: meta.seed,
      replicates: meta.replicates,
      casesPerReplicate: meta.casesPerReplicate,
    },
    catalogue: report.catalogue.map((d) => ({ id: d.id, label: d.label, unit: d.unit, better: d.better, description: d.description })),
    baseline: [...report.baseline].sort((a, b) => a.replicate - b.replicate).map(replicate),
    proposal: [...report.proposal].sort((a, b) => a.replicate - b.replicate).map(replicate),
    deltas: byKpiAndGroup(report.deltas).map(delta),
  };
}

/** Compact (a province-year has many groups), one line, with a trailing newline. */
export function reportJson(report: SimulationReport): string {
  return `${JSON.stringify(canonicalReport(report))}\n`;
}
