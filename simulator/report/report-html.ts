// The HTML report: one self-contained file (Chart.js and the page script inlined, data embedded as JSON) that
// opens offline. Every name shown is escaped; the same report always gives the same bytes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CaseDifference } from '../history/case-differences';
import type { KpiDefinition, SimulationReport } from '../simulation-types';
import { differenceText } from './case-difference-text';
import { formatCi, formatKpiDelta, formatKpiValue } from './format-kpi';
import { escapeHtml, inlineScript, scriptJson } from './html-escape';
import { canonicalReport } from './report-json';
import { reportView, type ReportView, type SummaryRow } from './report-view';

const CLOCK_MET = 'clock.met_share';

export function chartJsSource(): string {
  // chart.js exports no path to its UMD build; it sits beside the CommonJS entry point.
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return fs.readFileSync(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
}

function pageScriptSource(): string {
  return fs.readFileSync(new URL('./report-page.js', import.meta.url), 'utf8');
}

function rowLabel(r: SummaryRow): string {
  return r.groupLabel ? `${r.label}: ${r.groupLabel}` : r.label;
}

/** A round axis maximum at or above the value (1, 2, 2.5 or 5 × 10ⁿ), shared by the two load charts. */
function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}

const percent = (v: number | null): number | null => (v === null ? null : Math.round(v * 10000) / 100);
const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);

type Values = (number | null)[];
interface BarBlock {
  labels: string[];
  baseline: Values;
  proposal: Values;
}
interface DeltaBlock {
  labels: string[];
  delta: Values;
  low: Values;
  high: Values;
  verdict: SummaryRow['verdict'][];
  /** False with a single replicate (or a history replay): there is no interval to draw. */
  hasCi: boolean;
}
/** What the page script (report-page.js) draws; shares in percent (deltas in percentage points), durations in days. */
interface ChartData {
  bars: { share: BarBlock | null; days: BarBlock | null };
  deltas: { share: DeltaBlock | null; days: DeltaBlock | null };
  clocks: { labels: string[]; baselineMet: Values; baselineBreached: Values; proposalMet: Values; proposalBreached: Values } | null;
  load: { months: string[]; yMax: number; series: { label: string; baseline: Values; proposal: Values }[] } | null;
}

function chartData(view: ReportView): ChartData {
  const bars = (unit: KpiDefinition['unit'], scale: (v: number | null) => number | null): BarBlock | null => {
    const rows = view.summary.filter((r) => r.unit === unit && !r.kpi.startsWith('clock.') && (r.baseline !== null || r.proposal !== null));
    return rows.length === 0 ? null : { labels: rows.map(rowLabel), baseline: rows.map((r) => scale(r.baseline)), proposal: rows.map((r) => scale(r.proposal)) };
  };
  const deltas = (unit: KpiDefinition['unit'], scale: (v: number | null) => number | null): DeltaBlock | null => {
    // Only what moved (or might have): a replayed history leaves most KPIs exactly where they were.
    const moved = (r: SummaryRow): boolean => r.delta !== 0 || (r.ci95 !== null && (r.ci95[0] !== 0 || r.ci95[1] !== 0));
    const rows = view.summary.filter((r) => r.unit === unit && r.delta !== null && moved(r) && (!r.kpi.startsWith('clock.') || r.kpi === CLOCK_MET));
    if (rows.length === 0) return null;
    return {
      labels: rows.map(rowLabel),
      delta: rows.map((r) => scale(r.delta)),
      low: rows.map((r) => (r.ci95 ? scale(r.ci95[0]) : null)),
      high: rows.map((r) => (r.ci95 ? scale(r.ci95[1]) : null)),
      verdict: rows.map((r) => r.verdict),
      hasCi: rows.some((r) => r.ci95 !== null),
    };
  };
  const clocks =
    view.clocks.length === 0
      ? null
      : {
          labels: view.clocks.map((c) => c.clock),
          baselineMet: view.clocks.map((c) => percent(c.baseline?.met ?? null)),
          baselineBreached: view.clocks.map((c) => percent(c.baseline?.breached ?? null)),
          proposalMet: view.clocks.map((c) => percent(c.proposal?.met ?? null)),
          proposalBreached: view.clocks.map((c) => percent(c.proposal?.breached ?? null)),
        };
  const { load } = view;
  const stackMax = Math.max(0, ...load.months.map((_, i) => Math.max(...['baseline', 'proposal'].map((side) => load.series.reduce((s, x) => s + (side === 'baseline' ? x.baseline[i]! : x.proposal[i]!), 0)))));
  const loadData =
    load.series.length === 0
      ? null
      : {
          months: load.months,
          yMax: niceCeil(stackMax),
          series: load.series.map((s) => ({ label: `${s.role} (L${s.level})`, baseline: s.baseline.map(round), proposal: s.proposal.map(round) })),
        };
  return { bars: { share: bars('share', percent), days: bars('days', round) }, deltas: { share: deltas('share', percent), days: deltas('days', round) }, clocks, load: loadData };
}

function chartBox(id: string, labels: number, title: string): string {
  const height = Math.max(180, 26 * labels + 90);
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><div class="chart" style="height:${height}px"><canvas id="${id}"></canvas></div></figure>`;
}

function summaryTable(rows: SummaryRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.label)}</td><td>${escapeHtml(r.groupLabel || 'all cases')}</td><td class="num">${escapeHtml(formatKpiValue(r.unit, r.baseline))}</td><td class="num">${escapeHtml(formatKpiValue(r.unit, r.proposal))}</td><td class="num ${r.verdict}">${escapeHtml(formatKpiDelta(r.unit, r.delta))}</td><td class="num">${escapeHtml(formatCi(r.unit, r.ci95))}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>KPI</th><th>group</th><th>baseline</th><th>proposal</th><th>Δ</th><th>95% CI of Δ</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function loadTable(view: ReportView): string {
  const { rows, districts } = view.load;
  if (rows.length === 0) return '<p class="empty">No escalation tasks in either run.</p>';
  const perDistrict = districts > 0;
  const body = rows
    .map((r) => {
      const cells = [
        formatKpiValue('per-month', r.baselinePerMonth),
        formatKpiValue('per-month', r.proposalPerMonth),
        formatKpiDelta('per-month', r.proposalPerMonth - r.baselinePerMonth),
        ...(perDistrict ? [formatKpiValue('per-month', r.baselinePerDistrictMonth), formatKpiValue('per-month', r.proposalPerDistrictMonth)] : []),
      ];
      return `<tr><td>${escapeHtml(r.role)}</td><td class="num">${escapeHtml(r.level)}</td>${cells.map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const districtHead = perDistrict ? `<th>baseline per district</th><th>proposal per district</th>` : '';
  return `<table><thead><tr><th>role</th><th>level</th><th>baseline</th><th>proposal</th><th>Δ</th>${districtHead}</tr></thead><tbody>\n${body}\n</tbody></table>
<p class="note">Escalation tasks landing on each role and ladder level, averaged over the ${view.load.months.length} month(s) with any task${perDistrict ? ` and, per district, over the ${districts} district(s) in the cohort` : ''}.</p>`;
}

function metaTable(report: SimulationReport, view: ReportView): string {
  const { meta } = report;
  const rows: [string, string][] = [
    ['baseline', `${meta.baseline.path} — version ${meta.baseline.version}`],
    ['baseline SOP hash', meta.baseline.sopHash],
    ['proposal', `${meta.proposal.path} — version ${meta.proposal.version}`],
    ['proposal SOP hash', meta.proposal.sopHash],
    ['cases from', `${meta.source.kind}: ${meta.source.path}`],
    ['seed', String(meta.seed)],
    ['replicates', String(meta.replicates)],
    ['cases per replicate', String(meta.casesPerReplicate)],
    ['events refused by the SOP (all replicates)', `baseline ${view.refused.baseline}, proposal ${view.refused.proposal}`],
  ];
  return `<table class="meta"><tbody>\n${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}\n</tbody></table>`;
}

/** Rows past this are counted, not listed: the page must stay light enough to open. */
const MAX_CASE_ROWS = 1000;

function caseDifferenceSection(report: SimulationReport, differences: readonly CaseDifference[]): string {
  const total = report.meta.casesPerReplicate;
  if (differences.length === 0) return `<p class="empty">None of the ${total} recorded cases would have gone differently under the proposal.</p>`;
  const rows = differences
    .slice(0, MAX_CASE_ROWS)
    .map((d) => {
      const t = differenceText(d);
      return `<tr><td>${escapeHtml(d.caseId)}</td><td>${escapeHtml(d.source ?? '')}</td><td>${escapeHtml(t.breached)}</td><td>${escapeHtml(t.escalated)}</td><td>${escapeHtml(t.stage)}</td><td class="num">${escapeHtml(t.refused)}</td></tr>`;
    })
    .join('\n');
  const more = differences.length > MAX_CASE_ROWS ? `<p class="note">… and ${differences.length - MAX_CASE_ROWS} more.</p>` : '';
  return `<p class="note">${differences.length} of ${total} recorded cases would have gone differently. − is what the proposal avoids, + what it adds.</p>
<table><thead><tr><th>case</th><th>rows</th><th>clocks breached</th><th>escalation tasks</th><th>final stage</th><th>refused events</th></tr></thead><tbody>
${rows}
</tbody></table>${more}`;
}

function catalogueList(catalogue: readonly KpiDefinition[]): string {
  return `<dl>${catalogue.map((d) => `<dt>${escapeHtml(d.label)} <code>${escapeHtml(d.id)}</code></dt><dd>${escapeHtml(d.description)}</dd>`).join('\n')}</dl>`;
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1180px; color: #1b1f24; padding: 0 16px; }
h1 { font-size: 1.5rem; margin-bottom: 4px; } h2 { font-size: 1.15rem; margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 8px 0; } th, td { border-bottom: 1px solid #e5e8eb; padding: 4px 10px; text-align: left; vertical-align: top; }
table.meta th { font-weight: 600; color: #57606a; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.better { color: #2e7d32; font-weight: 600; } td.worse { color: #c62828; font-weight: 600; } td.unsure, td.same { color: #57606a; }
figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 6px; } .chart { position: relative; width: 100%; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; } .note, .empty { color: #57606a; font-size: 0.85rem; }
dl { font-size: 0.85rem; } dt { font-weight: 600; margin-top: 8px; } dd { margin-left: 16px; color: #57606a; } code { font-size: 0.8rem; }
`;

export interface ReportExtras {
  /** History replays: the recorded cases whose outcome the proposal changes. */
  caseDifferences?: readonly CaseDifference[];
}

export function reportHtml(input: SimulationReport, extras: ReportExtras = {}): string {
  const report = canonicalReport(input);
  const view = reportView(report);
  const data = chartData(view);
  const { meta } = report;
  const title = `Policy simulation: ${meta.baseline.version} → ${meta.proposal.version}`;
  const charts: string[] = [];
  const box = (block: { labels: string[] } | null, id: string, caption: string): void => {
    if (block) charts.push(chartBox(id, block.labels.length, caption));
  };
  const intervals = (block: DeltaBlock | null): string => (block?.hasCi ? 'with 95% confidence intervals across replicates' : 'one replicate, so no confidence intervals');
  box(data.bars.share, 'chart-shares', 'Baseline vs proposal: shares (%)');
  box(data.bars.days, 'chart-days', 'Baseline vs proposal: durations (days)');
  box(data.deltas.share, 'chart-delta-shares', `Δ proposal − baseline: shares that changed (percentage points), ${intervals(data.deltas.share)}`);
  if (!data.deltas.share && view.summary.length > 0) charts.push('<p class="empty">No share changed between baseline and proposal.</p>');
  box(data.deltas.days, 'chart-delta-days', `Δ proposal − baseline: durations that changed (days), ${intervals(data.deltas.days)}`);
  if (!data.deltas.days && view.summary.length > 0) charts.push('<p class="empty">No duration changed between baseline and proposal.</p>');
  const clockSection = data.clocks ? chartBox('chart-clocks', data.clocks.labels.length * 2, 'Statutory clocks: met and breached shares, baseline and proposal') : '<p class="empty">No statutory clock was decided in either run.</p>';
  const loadCharts = data.load
    ? `<div class="pair">${chartBox('chart-load-baseline', 10, 'Baseline')}${chartBox('chart-load-proposal', 10, 'Proposal')}</div>`
    : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="note">sopflow simulate — the real compiled SOPs, the same cases under each. Values are means over replicates; a Δ is coloured when its 95% interval excludes zero (green better, red worse).</p>
<h2>Run</h2>
${metaTable(report, view)}
<h2>Summary</h2>
${summaryTable(view.summary)}
<h2>Baseline vs proposal</h2>
${charts.join('\n') || '<p class="empty">No KPI values to chart.</p>'}
<h2>Statutory clocks</h2>
${clockSection}
<h2>Supervisor load: escalation tasks per role and level per month</h2>
${loadCharts}
${loadTable(view)}
${extras.caseDifferences ? `<h2>Recorded cases that would have gone differently</h2>\n${caseDifferenceSection(report, extras.caseDifferences)}` : ''}
<h2>KPI definitions</h2>
${catalogueList(report.catalogue)}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${inlineScript(chartJsSource(), 'chart.js')}</script>
<script>${inlineScript(pageScriptSource(), 'report-page.js')}</script>
</body>
</html>
`;
}
