// The PPF report from the read model: the harmonised KPIs per province (and the groups below it) for a period,
// as JSON, CSV and one self-contained HTML page (Chart.js inlined), each KPI with its definition and basis.
// The numbers are liveKpis' — the same the API will serve.
import { KPI_CATALOGUE } from '../rules/kpi/kpi-catalogue';
import type { KpiDefinition, KpiValue } from '../rules/kpi/kpi-types';
import { chartJsSource } from '../simulator/report/report-html';
import { escapeHtml, inlineScript, scriptJson } from '../simulator/report/html-escape';
import type { Calibration } from './kpi-calibration';
import { LIVE_BASES, liveKpis } from './live-kpis';
import type { ReadModelDb } from './read-model';

export interface KpiReport {
  /** FIR months covered, inclusive. */
  period: { fromMonth: string; toMonth: string };
  province: string | null;
  definitions: KpiDefinition[];
  values: KpiValue[];
  /** Simulated vs observed, when the report was asked to run a simulation's baseline beside the live values. */
  calibration?: Calibration;
}

export async function buildKpiReport(db: ReadModelDb, period: { fromMonth: string; toMonth: string }, province?: string): Promise<KpiReport> {
  const values = await liveKpis(db, { ...period, ...(province ? { province } : {}) }, LIVE_BASES);
  return { period, province: province ?? null, definitions: [...KPI_CATALOGUE], values };
}

export function kpiReportJson(report: KpiReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const GROUP_KEYS = ['province', 'district', 'policeStation', 'prosecutorOffice', 'offenceClass', 'firMonth', 'clock', 'stage', 'role', 'level', 'month'];

function csvCell(v: string): string {
  // Quote always; a leading formula character is neutralised so a spreadsheet never evaluates a name.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function kpiReportCsv(report: KpiReport): string {
  const defs = new Map(report.definitions.map((d) => [d.id, d]));
  const header = ['kpi', 'label', 'unit', ...GROUP_KEYS, 'value', 'n', 'definition', 'basis'];
  const lines = [header.map(csvCell).join(',')];
  for (const v of report.values) {
    const d = defs.get(v.kpi);
    lines.push(
      [v.kpi, d?.label ?? '', d?.unit ?? '', ...GROUP_KEYS.map((k) => v.group[k] ?? ''), String(v.value), String(v.n), d?.description ?? '', d?.basis ?? '']
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Simulated vs observed as CSV: one row per KPI and group, the flag saying where the cohort departs from reality. */
export function kpiCalibrationCsv(calibration: Calibration): string {
  const header = ['kpi', ...GROUP_KEYS, 'observed', 'observed_n', 'simulated', 'interval_low', 'interval_high', 'flag'];
  const lines = [header.map(csvCell).join(',')];
  const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));
  for (const r of calibration.rows) {
    lines.push([r.kpi, ...GROUP_KEYS.map((k) => r.group[k] ?? ''), num(r.observed), String(r.observedN), num(r.simulated), num(r.interval?.[0]), num(r.interval?.[1]), r.flag].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function calibrationHtml(c: Calibration, defs: Map<string, KpiDefinition>): string {
  const show = (v: number | null, unit: string | undefined): string => (v === null ? '—' : unit === 'share' ? `${(v * 100).toFixed(1)}%` : `${v.toFixed(1)} d`);
  // The whole-province rows first: the headline comparison; the breakdowns are in the CSV and JSON.
  const rows = c.rows
    .filter((r) => Object.keys(r.group).every((k) => k === 'province' || k === 'clock' || k === 'stage'))
    .map((r) => {
      const d = defs.get(r.kpi);
      const where = Object.entries(r.group).map(([k, v]) => `${k}=${v}`).join(', ');
      const interval = r.interval ? `${show(r.interval[0], d?.unit)} – ${show(r.interval[1], d?.unit)}` : '—';
      return `<tr class="${r.flag}"><th scope="row">${escapeHtml(d?.label ?? r.kpi)}${where ? ` <small>${escapeHtml(where)}</small>` : ''}</th><td>${escapeHtml(show(r.observed, d?.unit))} <small>n=${r.observedN}</small></td><td>${escapeHtml(show(r.simulated, d?.unit))}</td><td>${escapeHtml(interval)}</td><td>${escapeHtml(r.flag)}</td></tr>`;
    })
    .join('\n');
  const outside = c.rows.filter((r) => r.flag === 'outside').length;
  return `<h2>Simulated vs observed</h2>
<p>The SOP in force simulated on cohort <code>${escapeHtml(c.cohort)}</code> (${c.replicates} replicates of ${c.casesPerReplicate} cases) beside the live values.
A row is <strong>outside</strong> when the observed value lies beyond the range one replicate falls in 95 times in 100: there the cohort's assumptions differ from reality
(${outside} of ${c.rows.length} comparisons). Counts scale with the cohort and are not compared.</p>
<table id="calibration"><thead><tr><th>KPI</th><th>Observed</th><th>Simulated (mean)</th><th>95% interval</th><th>Flag</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('kpi-data').textContent);
const provinces = [...new Set(data.values.filter((v) => Object.keys(v.group).length === 1 && v.group.province).map((v) => v.group.province))].sort();
const charts = document.getElementById('charts');
for (const def of data.definitions) {
  const byProvince = new Map(data.values.filter((v) => v.kpi === def.id && Object.keys(v.group).length === 1 && v.group.province).map((v) => [v.group.province, v.value]));
  if (byProvince.size === 0) continue;
  const fig = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = def.label + ' (' + def.unit + ')';
  const box = document.createElement('div');
  box.className = 'chart';
  const canvas = document.createElement('canvas');
  box.appendChild(canvas);
  fig.append(cap, box);
  charts.appendChild(fig);
  new Chart(canvas, { type: 'bar', data: { labels: provinces, datasets: [{ label: def.label, data: provinces.map((p) => byProvince.get(p) ?? null) }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } } });
}
`;

function fmt(v: KpiValue, unit: string | undefined): string {
  if (unit === 'share') return `${(v.value * 100).toFixed(1)}%`;
  if (unit === 'days') return `${v.value.toFixed(1)} d`;
  return String(v.value);
}

export function kpiReportHtml(report: KpiReport): string {
  // The cross-province table: one row per KPI (whole-KPI values only: no clock/stage/role breakdown), one column per province.
  const perProvince = report.values.filter((v) => Object.keys(v.group).length === 1 && v.group.province !== undefined);
  const provinces = [...new Set(perProvince.map((v) => v.group.province!))].sort();
  const rows = report.definitions
    .map((d) => {
      const cells = provinces.map((p) => {
        const v = perProvince.find((x) => x.kpi === d.id && x.group.province === p);
        return `<td>${v ? `${escapeHtml(fmt(v, d.unit))} <small>n=${v.n}</small>` : '—'}</td>`;
      });
      return `<tr><th scope="row" title="${escapeHtml(d.description)}">${escapeHtml(d.label)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const definitions = report.definitions
    .map((d) => `<dt>${escapeHtml(d.label)} <code>${escapeHtml(d.id)}</code></dt><dd>${escapeHtml(d.description)}<br><em>Basis:</em> ${escapeHtml(d.basis ?? '—')}</dd>`)
    .join('\n');
  const title = `Harmonised prosecution KPIs, FIRs of ${report.period.fromMonth} to ${report.period.toMonth}${report.province ? `, ${report.province}` : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
tr.outside td{background:#fde2e1}tr.not-observed td,tr.not-simulated td{color:#888}
#charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}.chart{height:220px}small{color:#666}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Live values from the read model, computed with the simulator's KPI definitions. Full breakdowns (district, police station, prosecutor office, offence class, month) are in the CSV and JSON.</p>
<table><thead><tr><th>KPI</th>${provinces.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
${report.calibration ? calibrationHtml(report.calibration, new Map(report.definitions.map((d) => [d.id, d]))) : ''}
<h2>By province</h2><div id="charts"></div>
<h2>Definitions</h2><dl>${definitions}</dl>
<script type="application/json" id="kpi-data">${scriptJson({ definitions: report.definitions, values: perProvince })}</script>
<script>${inlineScript(chartJsSource(), 'chart.js')}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
