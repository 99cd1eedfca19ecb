// The report writers: the same report gives the same bytes, every KPI value reaches the CSV, and the HTML
// carries its data and Chart.js inline, with hostile names escaped.
import { describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../simulator/simulation-types';
import { reportCsv } from '../../simulator/report/report-csv';
import { reportHtml } from '../../simulator/report/report-html';
import { reportJson } from '../../simulator/report/report-json';
import { reportView } from '../../simulator/report/report-view';
import { fixtureReport } from './report-fixture';

/** The same report with every array reversed and every group's keys in another order. */
function shuffled(report: SimulationReport): SimulationReport {
  const regroup = (g: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(g).reverse());
  const side = (rs: SimulationReport['baseline']): SimulationReport['baseline'] =>
    [...rs].reverse().map((r) => ({ ...r, kpis: [...r.kpis].reverse().map((v) => ({ n: v.n, value: v.value, group: regroup(v.group), kpi: v.kpi })) }));
  return { ...report, baseline: side(report.baseline), proposal: side(report.proposal), deltas: [...report.deltas].reverse().map((d) => ({ ...d, group: regroup(d.group) })) };
}

describe('report JSON', () => {
  it('is byte-identical for the same report, whatever order its values came in', () => {
    const a = reportJson(fixtureReport());
    expect(reportJson(fixtureReport())).toBe(a);
    expect(reportJson(shuffled(fixtureReport()))).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(a) as SimulationReport;
    expect(Object.keys(parsed)).toEqual(['meta', 'catalogue', 'baseline', 'proposal', 'deltas']);
    expect(parsed.baseline[0]!.kpis[0]).toEqual({ kpi: 'cases.count', group: {}, value: 1000, n: 1000 });
  });
});

describe('report CSV', () => {
  it('has one row per KPI × group × side × replicate and one per delta, with group keys as columns', () => {
    const report = fixtureReport();
    const lines = reportCsv(report).trimEnd().split('\n');
    const values = report.baseline.concat(report.proposal).reduce((n, r) => n + r.kpis.length, 0);
    expect(lines).toHaveLength(1 + values + report.deltas.length);
    expect(lines[0]).toBe('kpi,unit,province,district,offence_class,clock,stage,role,level,month,side,replicate,seed,value,n,baseline,proposal,ci95_low,ci95_high');
    expect(lines).toContain('clock.met_share,share,,,,scrutiny-return,,,,,proposal,1,1001,0.93,700,,,,');
    expect(lines.some((l) => /^clock\.met_share,share,,,,scrutiny-return,,,,,delta,,,0\.22\d*,,0\.71,0\.93,0\.2\d*,0\.24\d*$/.test(l))).toBe(true);
    expect(reportCsv(shuffled(report))).toBe(reportCsv(report));
  });

  it('quotes fields and defuses spreadsheet formulas in names', () => {
    const csv = reportCsv(fixtureReport({ hostile: '=HYPERLINK("x"),1' }));
    expect(csv).toContain(`"'=HYPERLINK(""x""),1"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('report view', () => {
  it('summarises the cohort as a whole and puts supervisor load per role and level per month', () => {
    const view = reportView(fixtureReport());
    expect(view.summary.map((r) => `${r.kpi} ${r.groupLabel}`)).toContain('clock.met_share scrutiny-return');
    expect(view.summary.some((r) => r.group.offenceClass !== undefined || r.kpi === 'escalations.per_role_month')).toBe(false);
    const scrutiny = view.summary.find((r) => r.kpi === 'clock.met_share' && r.group.clock === 'scrutiny-return')!;
    expect(scrutiny.verdict).toBe('better');
    expect(view.load.months).toEqual(['2026-01', '2026-02']);
    expect(view.load.series.map((s) => `${s.role} L${s.level}`)).toEqual(['ddpp L2', 'sho L2', 'dpp L3', 'sdpo L3']);
    const ddpp = view.load.rows.find((r) => r.role === 'ddpp')!;
    expect(ddpp).toMatchObject({ baselinePerMonth: 40, proposalPerMonth: 0 });
    expect(view.refused).toEqual({ baseline: 0, proposal: 9 });
  });
});

describe('report HTML', () => {
  it('is self-contained: Chart.js inline, the data embedded, no external resource', () => {
    const html = reportHtml(fixtureReport());
    expect(html).toContain('Chart.js v4.6.1');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img|<iframe|@import/);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      clocks: { labels: string[]; baselineMet: number[]; proposalMet: number[] };
      load: { months: string[]; series: { label: string }[] };
    };
    expect(data.clocks.labels).toEqual(['defect-cure', 'interim-report', 'scrutiny-return']);
    expect(data.clocks.baselineMet[2]).toBe(71);
    expect(data.clocks.proposalMet[2]).toBe(93);
    expect(data.load.series.map((s) => s.label)).toContain('dpp (L3)');
    for (const id of ['chart-shares', 'chart-days', 'chart-delta-shares', 'chart-delta-days', 'chart-clocks', 'chart-load-baseline', 'chart-load-proposal']) {
      expect(html).toContain(`<canvas id="${id}">`);
    }
    expect(html).toContain('sha256:aaaa1111');
    expect(html).toContain('<th>seed</th><td>1000</td>');
    expect(html).toMatch(/Statutory clock met on time<\/td><td>scrutiny-return<\/td><td class="num">71\.0%<\/td><td class="num">93\.0%<\/td><td class="num better">\+22\.0 pp<\/td>/);
    expect(reportHtml(fixtureReport())).toBe(html);
  });

  it('escapes hostile names in the page and in the embedded data', () => {
    const hostile = '</script><script>alert("x")</script><img src=x onerror=alert(1)>&amp;\u2028';
    const html = reportHtml(fixtureReport({ hostile }));
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;');
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(json).not.toMatch(/[<>\u2028]/);
    const data = JSON.parse(json) as { clocks: { labels: string[] } };
    expect(data.clocks.labels).toContain(hostile);
    expect(html.match(/<script/g)).toHaveLength(3);
  });

  it('lists the recorded cases a history replay changes, escaped, and says so when none changed', () => {
    const outcome = { stage: 'in_court', refused: 0 };
    const html = reportHtml(fixtureReport(), {
      caseDifferences: [
        {
          caseId: 'K<1>',
          source: 'events.csv:17-23',
          baseline: { ...outcome, breached: ['scrutiny-return'], escalatedTo: ['ddpp L2'] },
          proposal: { ...outcome, breached: [], escalatedTo: [], refused: 1 },
        },
      ],
    });
    expect(html).toContain('<h2>Recorded cases that would have gone differently</h2>');
    expect(html).toContain('<tr><td>K&lt;1&gt;</td><td>events.csv:17-23</td><td>−scrutiny-return</td><td>−ddpp L2</td><td></td><td class="num">0 → 1</td></tr>');
    expect(reportHtml(fixtureReport(), { caseDifferences: [] })).toContain('None of the 1000 recorded cases would have gone differently under the proposal.');
    expect(reportHtml(fixtureReport())).not.toContain('Recorded cases that would have gone differently');
  });
});
