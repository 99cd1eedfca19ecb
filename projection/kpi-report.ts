// The PPF report from the read model: the harmonised KPIs per province (and the groups below it) for a period,
// as JSON, CSV and one self-contained HTML page (Chart.js inlined), each KPI with its definition and basis.
// The numbers are liveKpis' — the same the API will serve.
import { KPI_CATALOGUE } from '../rules/kpi/kpi-catalogue';
import type { KpiDefinition, KpiValue } from '../rules/kpi/kpi-types';
import { chartJsSource } from '../simulator/report/report-html';
import { escapeHtml, inlineScript, scriptJson } from '../simulator/report/html-escape';
import { LIVE_BASES, liveKpis } from './live-kpis';
import type { ReadModelDb } from './read-model';

export interface KpiReport {
  /** FIR months covered, inclusive. */
  period: { fromMonth: string; toMonth: string };
  province: string | null;
  definitions: KpiDefinition[];
  values: KpiValue[];
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
#charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}.chart{height:220px}small{color:#666}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Live values from the read model, computed with the simulator's KPI definitions. Full breakdowns (district, police station, prosecutor office, offence class, month) are in the CSV and JSON.</p>
<table><thead><tr><th>KPI</th>${provinces.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>By province</h2><div id="charts"></div>
<h2>Definitions</h2><dl>${definitions}</dl>
<script type="application/json" id="kpi-data">${scriptJson({ definitions: report.definitions, values: perProvince })}</script>
<script>${inlineScript(chartJsSource(), 'chart.js')}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
