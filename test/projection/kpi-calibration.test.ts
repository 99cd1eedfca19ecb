// Simulated vs observed: the SOP in force simulated on a cohort beside observed values. Observations drawn from the
// same assumptions (another seed) mostly fall inside the simulation's 95% interval; an observed rate far from the
// cohort's is flagged, and the report shows it in HTML, CSV and JSON.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, simulatedBaseline } from '../../projection/kpi-calibration';
import { kpiCalibrationCsv, kpiReportHtml, kpiReportJson, type KpiReport } from '../../projection/kpi-report';
import { KPI, KPI_CATALOGUE } from '../../rules/kpi/kpi-catalogue';
import type { KpiValue } from '../../rules/kpi/kpi-types';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';

const root = path.resolve(import.meta.dirname, '../..');
const sopPath = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
const cohortPath = path.join(root, 'sop-definitions/cohorts/punjab-2026.yaml');

let simulated: Awaited<ReturnType<typeof simulatedBaseline>>;
let reality: KpiValue[];

beforeAll(async () => {
  const sop = { path: sopPath, bundle: loadBundleFile(sopPath) };
  const cohort = { path: cohortPath, spec: loadCohortFile(cohortPath, [sop]) };
  simulated = await simulatedBaseline({ sop, cohort, cases: 150, replicates: 4, seed: 7 });
  // "Reality" drawn from the same assumptions with another seed.
  reality = (await simulatedBaseline({ sop, cohort, cases: 150, replicates: 2, seed: 99 })).replicates[0]!.kpis;
}, 300_000);

describe('simulated vs observed', () => {
  it('finds observations from the same assumptions mostly inside the 95% interval', () => {
    const c = calibrate(reality, simulated.replicates, { cohort: 'punjab-2026', casesPerReplicate: simulated.casesPerReplicate, province: 'punjab' });
    const compared = c.rows.filter((r) => r.flag === 'ok' || r.flag === 'outside');
    expect(compared.length).toBeGreaterThan(20);
    expect(compared.filter((r) => r.flag === 'ok').length / compared.length).toBeGreaterThan(0.8);
    // Counts scale with the cohort: never compared.
    expect(c.rows.some((r) => r.kpi === KPI.casesCount)).toBe(false);
  });

  it('flags a rate the cohort gets wrong, and the report shows it', () => {
    const target = reality.find((v) => v.kpi === KPI.challanWithinS173Share && Object.keys(v.group).length === 1 && v.group.province === 'punjab')!;
    expect(target).toBeDefined();
    const skewed = reality.map((v) => (v === target ? { ...v, value: v.value > 0.5 ? 0.01 : 0.99 } : v));
    const c = calibrate(skewed, simulated.replicates, { cohort: 'punjab-2026', casesPerReplicate: simulated.casesPerReplicate, province: 'punjab' });
    const row = c.rows.find((r) => r.kpi === KPI.challanWithinS173Share && JSON.stringify(r.group) === JSON.stringify({ province: 'punjab' }))!;
    expect(row.flag).toBe('outside');
    expect(row.observed).toBe(target.value > 0.5 ? 0.01 : 0.99);
    expect(row.interval![0]).toBeLessThanOrEqual(row.simulated!);

    const report: KpiReport = { period: { fromMonth: '2026-01', toMonth: '2026-12' }, province: 'punjab', definitions: [...KPI_CATALOGUE], values: skewed, calibration: c };
    const html = kpiReportHtml(report);
    expect(html).toContain('Simulated vs observed');
    expect(html).toMatch(/<tr class="outside"><th scope="row">Challans within s\.173/);
    expect(kpiCalibrationCsv(c)).toMatch(/"challan\.within_s173_share","punjab",.*"outside"/);
    const parsed = JSON.parse(kpiReportJson(report)) as KpiReport;
    expect(parsed.calibration!.rows.some((r) => r.flag === 'outside')).toBe(true);
  });
});
