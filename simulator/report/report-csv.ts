// Every KPI value as CSV for spreadsheets: one row per KPI × group × side × replicate, then one row per delta.
// Group keys become columns (province, district, … in a fixed order), so a pivot table needs no parsing.
import type { SimulationReport } from '../simulation-types';
import { canonicalReport } from './report-json';

/** The group keys of the KPI catalogue, in the order a reader expects them; any others follow alphabetically. */
const GROUP_COLUMNS = ['province', 'district', 'offenceClass', 'clock', 'stage', 'role', 'level', 'month'];

const SNAKE: Record<string, string> = { offenceClass: 'offence_class' };

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A leading = + - @ would make a spreadsheet evaluate the text (names come from imported files).
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(input: SimulationReport): string {
  const report = canonicalReport(input);
  const units = new Map(report.catalogue.map((d) => [d.id, d.unit]));
  const extra = new Set<string>();
  for (const r of [...report.baseline, ...report.proposal]) for (const v of r.kpis) for (const k of Object.keys(v.group)) extra.add(k);
  for (const d of report.deltas) for (const k of Object.keys(d.group)) extra.add(k);
  const groupColumns = [...GROUP_COLUMNS, ...[...extra].filter((k) => !GROUP_COLUMNS.includes(k)).sort()];

  const header = ['kpi', 'unit', ...groupColumns.map((k) => SNAKE[k] ?? k), 'side', 'replicate', 'seed', 'value', 'n', 'baseline', 'proposal', 'ci95_low', 'ci95_high'];
  const lines = [header.map(cell).join(',')];
  const groupCells = (group: Record<string, string>): string[] => groupColumns.map((k) => cell(group[k] ?? null));

  for (const side of ['baseline', 'proposal'] as const) {
    for (const r of report[side]) {
      for (const v of r.kpis) {
        lines.push([cell(v.kpi), cell(units.get(v.kpi) ?? ''), ...groupCells(v.group), side, cell(r.replicate), cell(r.seed), cell(v.value), cell(v.n), '', '', '', ''].join(','));
      }
    }
  }
  for (const d of report.deltas) {
    lines.push(
      [cell(d.kpi), cell(units.get(d.kpi) ?? ''), ...groupCells(d.group), 'delta', '', '', cell(d.delta), '', cell(d.baseline), cell(d.proposal), cell(d.ci95?.[0] ?? null), cell(d.ci95?.[1] ?? null)].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
