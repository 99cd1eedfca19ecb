// A hand-built simulation report for the writers' tests: the Punjab proposal's shape (scrutiny-return 3 → 5 days,
// escalation to the DPP instead of the DDPP) over three replicates, with numbers made up but plausible.
import { KPI_CATALOGUE } from '../../rules/kpi/kpi-catalogue';
import type { KpiDelta, KpiValue, ReplicateResult, SimulationReport } from '../../simulator/simulation-types';

interface FixtureOptions {
  /** A name that tries to break out of HTML, script or CSV, put where names from packs and imports go. */
  hostile?: string;
}

function replicate(side: 'baseline' | 'proposal', i: number, hostile: string | undefined): ReplicateResult {
  const jitter = (i - 1) * 0.01;
  const proposal = side === 'proposal';
  const kpis: KpiValue[] = [
    { kpi: 'cases.count', group: {}, value: 1000, n: 1000 },
    { kpi: 'cases.count', group: { province: 'punjab' }, value: 1000, n: 1000 },
    { kpi: 'cases.count', group: { province: 'punjab', district: 'lahore' }, value: 600, n: 600 },
    { kpi: 'cases.count', group: { province: 'punjab', district: hostile ?? 'multan' }, value: 400, n: 400 },
    { kpi: 'clock.met_share', group: { clock: 'interim-report' }, value: 0.81 + jitter, n: 950 },
    { kpi: 'clock.breached_share', group: { clock: 'interim-report' }, value: 0.19 - jitter, n: 950 },
    { kpi: 'clock.met_share', group: { clock: 'scrutiny-return' }, value: (proposal ? 0.93 : 0.71) + jitter, n: 700 },
    { kpi: 'clock.breached_share', group: { clock: 'scrutiny-return' }, value: (proposal ? 0.07 : 0.29) - jitter, n: 700 },
    { kpi: 'clock.met_share', group: { clock: hostile ?? 'defect-cure' }, value: 0.66 + jitter, n: 210 },
    { kpi: 'clock.breached_share', group: { clock: hostile ?? 'defect-cure' }, value: 0.34 - jitter, n: 210 },
    { kpi: 'stage.duration_median', group: { stage: 'scrutiny' }, value: (proposal ? 3.4 : 2.6) + jitter, n: 700 },
    { kpi: 'stage.duration_p90', group: { stage: 'scrutiny' }, value: (proposal ? 5.1 : 4.2) + jitter, n: 700 },
    { kpi: 'challan.return_rate', group: {}, value: 0.3 + jitter, n: 900 },
    { kpi: 'time.fir_to_court_median', group: {}, value: (proposal ? 31.5 : 30.2) + jitter, n: 640 },
    { kpi: 'time.fir_to_court_median', group: { offenceClass: 'murder' }, value: 44 + jitter, n: 80 },
    { kpi: 'custody.beyond_s497_share', group: {}, value: 0.02, n: 120 },
  ];
  const load: [string, string, number, number][] = [
    ['ddpp', '2', proposal ? 0 : 41, proposal ? 0 : 38],
    ['dpp', '3', proposal ? 12 : 9, proposal ? 11 : 8],
    ['sho', '2', 55, 61],
    ['sdpo', '3', 14, 17],
  ];
  for (const [role, level, jan, feb] of load) {
    if (jan + feb === 0) continue;
    kpis.push({ kpi: 'escalations.per_role_month', group: { level, month: '2026-01', role }, value: jan + i, n: jan + i });
    kpis.push({ kpi: 'escalations.per_role_month', group: { level, month: '2026-02', role }, value: feb, n: feb });
    kpis.push({ kpi: 'escalations.per_role_month', group: { district: 'lahore', level, month: '2026-01', province: 'punjab', role }, value: Math.round(jan / 2), n: Math.round(jan / 2) });
  }
  return { replicate: i, seed: 1000 + i, cases: 1000, refusedEvents: proposal ? 3 : 0, kpis };
}

function deltas(report: Pick<SimulationReport, 'baseline' | 'proposal'>): KpiDelta[] {
  const out: KpiDelta[] = [];
  for (const b of report.baseline[0]!.kpis) {
    const key = JSON.stringify(b.group);
    const mean = (side: ReplicateResult[]): number => {
      const values = side.map((r) => r.kpis.find((v) => v.kpi === b.kpi && JSON.stringify(v.group) === key)?.value ?? 0);
      return values.reduce((s, x) => s + x, 0) / values.length;
    };
    const baseline = mean(report.baseline);
    const proposal = mean(report.proposal);
    const delta = proposal - baseline;
    out.push({ kpi: b.kpi, group: b.group, baseline, proposal, delta, ci95: [delta - 0.02, delta + 0.02] });
  }
  return out;
}

export function fixtureReport(options: FixtureOptions = {}): SimulationReport {
  const { hostile } = options;
  const sides = {
    baseline: [0, 1, 2].map((i) => replicate('baseline', i, hostile)),
    proposal: [0, 1, 2].map((i) => replicate('proposal', i, hostile)),
  };
  return {
    meta: {
      tool: 'sopflow simulate',
      baseline: { path: 'sop-definitions/punjab/punjab-2026.1.yaml', sopHash: 'sha256:aaaa1111', version: '2026.1' },
      proposal: { path: hostile ? `proposal-${hostile}.yaml` : 'sop-definitions/punjab/punjab-2026.2-proposal.yaml', sopHash: 'sha256:bbbb2222', version: '2026.2' },
      source: { kind: 'cohort', path: 'sop-definitions/cohorts/punjab.yaml' },
      seed: 1000,
      replicates: 3,
      casesPerReplicate: 1000,
    },
    catalogue: [...KPI_CATALOGUE],
    ...sides,
    deltas: deltas(sides),
  };
}
