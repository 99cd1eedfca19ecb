// The console table `sopflow simulate` prints: the main KPIs of the cohort as a whole, baseline vs proposal with
// the delta and its 95% interval, then the supervisor load per role and level.
import type { SimulationReport } from '../simulation-types';
import { formatCi, formatKpiDelta, formatKpiValue } from './format-kpi';
import { reportView, type SummaryRow } from './report-view';

/** The KPIs a policy reader looks at first; the HTML and CSV have the rest. */
const MAIN_KPIS = [
  'cases.count',
  'clock.met_share',
  'challan.return_rate',
  'challan.cases_returned_share',
  'custody.beyond_s497_share',
  'time.fir_to_court_median',
  'time.fir_to_judgment_median',
];

const MARK: Record<SummaryRow['verdict'], string> = { better: '▲ better', worse: '▼ worse', same: '', unsure: '' };

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function consoleSummary(report: SimulationReport): string {
  const view = reportView(report);
  const { meta } = report;
  const main = view.summary.filter((r) => MAIN_KPIS.includes(r.kpi)).sort((a, b) => MAIN_KPIS.indexOf(a.kpi) - MAIN_KPIS.indexOf(b.kpi));
  const kpiRows = main.map((r) => [
    r.groupLabel ? `${r.label}: ${r.groupLabel}` : r.label,
    formatKpiValue(r.unit, r.baseline),
    formatKpiValue(r.unit, r.proposal),
    formatKpiDelta(r.unit, r.delta),
    formatCi(r.unit, r.ci95),
    MARK[r.verdict],
  ]);
  const lines = [
    `baseline ${meta.baseline.version} (${meta.baseline.path}) vs proposal ${meta.proposal.version} (${meta.proposal.path})`,
    `${meta.source.kind} ${meta.source.path}; seed ${meta.seed}; ${meta.replicates} replicate${meta.replicates === 1 ? '' : 's'} of ${meta.casesPerReplicate} cases; events refused: baseline ${view.refused.baseline}, proposal ${view.refused.proposal}`,
    '',
    table([['KPI (all cases)', 'baseline', 'proposal', 'Δ', '95% CI', ''], ...kpiRows]),
  ];
  if (view.load.rows.length > 0) {
    const loadRows = view.load.rows.map((r) => [
      `${r.role} (level ${r.level})`,
      formatKpiValue('per-month', r.baselinePerMonth),
      formatKpiValue('per-month', r.proposalPerMonth),
      formatKpiDelta('per-month', r.proposalPerMonth - r.baselinePerMonth),
    ]);
    lines.push('', table([['Escalation tasks per month', 'baseline', 'proposal', 'Δ'], ...loadRows]));
  }
  return `${lines.join('\n')}\n`;
}
