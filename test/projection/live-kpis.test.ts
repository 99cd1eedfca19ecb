// The read model against the simulator: the same cases, driven through the pure core, give the same KPI values
// from the accumulator (final states) and from the projection (effect batches, counted in SQL), on PGlite and on
// a real PostgreSQL server; projecting every batch twice, or a second worker at once, changes no row.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { horizonOf } from '../../simulator/engine/simulate-batch';
import { simulateCohort } from '../../simulator/engine/simulate-cohort';
import { advanceCase, applyEvent, isClosed, openCase, prepareCase, type CaseEffect, type CaseState } from '../../rules/case-engine/index';
import { KpiAccumulator, type KpiSop } from '../../rules/kpi/kpi-accumulator';
import { kpiMonth } from '../../rules/kpi/kpi-observations';
import { rebuildKpiRollup } from '../../projection/kpi-rollup';
import { sql } from 'kysely';
import { KPI_CATALOGUE } from '../../rules/kpi/kpi-catalogue';
import { KpiGroupingError, liveKpis } from '../../projection/live-kpis';
import { projectEffects, projectionSopOf, type CaseIdentity, type ProjectionSop } from '../../projection/project-effects';
import type { ReadModelDb } from '../../projection/read-model';
import { dumpReadModel, readModelForSuite, readModelTargets } from '../support/read-models';

const root = path.resolve(import.meta.dirname, '../..');
const bundlePath = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
const cohortPath = path.join(root, 'sop-definitions/cohorts/punjab-2026.yaml');

interface DrivenCase {
  identity: CaseIdentity;
  sop: ProjectionSop;
  sopFull: KpiSop;
  batches: CaseEffect[][];
  final: CaseState;
}

let cases: DrivenCase[] = [];
const accumulator = new KpiAccumulator();

beforeAll(async () => {
  const bundle = loadBundleFile(bundlePath);
  const spec = loadCohortFile(cohortPath, [{ path: bundlePath, bundle }]);
  const until = horizonOf(spec);
  const simulated = await simulateCohort(spec, bundle, 2026, 160);
  cases = [];
  for (const s of simulated) {
    // The same script through the pure core, one step at a time: each step's effects are one batch, as the
    // case workflow hands them to the projection activity.
    const { sop, facts } = await prepareCase(bundle, s.script.facts);
    const opened = await openCase(sop, facts, s.script.firAt);
    let state = opened.state;
    const batches = [opened.effects];
    for (const event of s.script.events) {
      const outcome = await applyEvent(sop, state, event);
      if (outcome.status !== 'applied') continue;
      batches.push(outcome.effects);
      state = outcome.state;
    }
    if (!isClosed(sop, state) && until > state.now) {
      const next = advanceCase(sop, state, until);
      batches.push(next.effects);
      state = next.state;
    }
    accumulator.addCase(state, sop);
    const f = state.facts;
    cases.push({
      identity: { caseId: s.script.caseId, province: f.province, district: f.district, policeStation: f.policeStation, offenceClass: f.offence.class, sopHash: sop.sopHash, sopVersion: sop.version },
      sop: projectionSopOf(sop),
      sopFull: sop,
      batches,
      final: state,
    });
  }
}, 300_000);

async function projectAll(db: ReadModelDb): Promise<number> {
  let applied = 0;
  for (const c of cases) for (const batch of c.batches) applied += await projectEffects(db, c.identity, c.sop, batch);
  return applied;
}

describe.each(readModelTargets())('read model on $name', (target) => {
  const readModel = readModelForSuite(target);

  it('gives the accumulator\'s KPI values for the same cases, and a replay changes no row', async () => {
    const db = readModel();
    expect(await projectAll(db)).toBeGreaterThan(cases.length * 3);
    const expected = accumulator.finalise();
    // The cohort exercises every KPI of the catalogue, so none is compared vacuously.
    expect(new Set(expected.map((v) => v.kpi))).toEqual(new Set(KPI_CATALOGUE.map((k) => k.id)));
    expect(await liveKpis(db)).toEqual(expected);

    const before = await dumpReadModel(db);
    expect(await projectAll(db)).toBe(0);
    expect(await dumpReadModel(db)).toEqual(before);
  }, 300_000);

  it('keeps the KPI rollup, batch by batch, equal to the rollup rebuilt from the facts', async () => {
    const db = readModel();
    const rollup = async (): Promise<unknown[]> => (await sql`SELECT * FROM kpi_rollup WHERE hit <> 0 OR n <> 0 ORDER BY grain, metric, period, g1, g2, g3, k1, k2, k3, bin`.execute(db)).rows;
    // The quantile table too: re-ranked batch by batch, it equals the one ranked from the rebuilt rollup.
    const quantiles = async (): Promise<unknown[]> => (await sql`SELECT * FROM kpi_quantiles WHERE n > 0 ORDER BY grain, metric, period, g1, g2, g3, k1`.execute(db)).rows;
    const kept = await rollup();
    const ranked = await quantiles();
    expect(kept.length).toBeGreaterThan(100);
    expect(ranked.length).toBeGreaterThan(20);
    await rebuildKpiRollup(db);
    expect(await rollup()).toEqual(kept);
    expect(await quantiles()).toEqual(ranked);
  }, 120_000);

  it('gives the accumulator\'s values for one FIR year and for one FIR month (whole rollup rows and ranked quantiles)', async () => {
    const db = readModel();
    const byMonth = new Map<string, DrivenCase[]>();
    for (const c of cases) {
      const m = kpiMonth(c.final.openedAt);
      byMonth.set(m, [...(byMonth.get(m) ?? []), c]);
    }
    const year = [...byMonth.keys()].sort()[0]!.slice(0, 4);
    const month = [...byMonth].sort((a, b) => b[1].length - a[1].length)[0]![0];
    for (const [fromMonth, toMonth] of [[`${year}-01`, `${year}-12`], [month, month]] as const) {
      const inPeriod = new KpiAccumulator();
      for (const c of cases) {
        const m = kpiMonth(c.final.openedAt);
        if (m >= fromMonth && m <= toMonth) inPeriod.addCase(c.final, c.sopFull);
      }
      const expected = inPeriod.finalise();
      expect(expected.some((v) => v.kpi.endsWith('median') && 'district' in v.group)).toBe(true);
      expect(await liveKpis(db, { fromMonth, toMonth })).toEqual(expected);
      // One police station's values: read from its rollup rows and its ranked quantiles as they stand.
      const counts = new Map<string, DrivenCase[]>();
      for (const c of cases) {
        const m = kpiMonth(c.final.openedAt);
        if (m >= fromMonth && m <= toMonth) counts.set(c.identity.policeStation, [...(counts.get(c.identity.policeStation) ?? []), c]);
      }
      const [, inStation] = [...counts].sort((a, b) => b[1].length - a[1].length)[0]!;
      const station = new KpiAccumulator();
      for (const c of inStation) station.addCase(c.final, c.sopFull);
      const wholeGroup = station.finalise().filter((v) => !('province' in v.group || 'district' in v.group || 'offenceClass' in v.group));
      expect(wholeGroup.some((v) => v.kpi.endsWith('median'))).toBe(true);
      const { province, district, policeStation } = inStation[0]!.identity;
      expect(await liveKpis(db, { fromMonth, toMonth, province, district, policeStation }, [[]])).toEqual(wholeGroup);
    }
  }, 120_000);

  it('gives the accumulator\'s values for the cases a period (years and months) or a district scope holds', async () => {
    const db = readModel();
    const months = [...new Set(cases.map((c) => kpiMonth(c.final.openedAt)))].sort();
    // A period that crosses a year boundary when the cohort has one: month rows and year rows both read.
    const fromMonth = months[Math.floor(months.length / 4)]!;
    const toMonth = months[Math.floor((3 * months.length) / 4)]!;
    const inPeriod = new KpiAccumulator();
    for (const c of cases) {
      const m = kpiMonth(c.final.openedAt);
      if (m >= fromMonth && m <= toMonth) inPeriod.addCase(c.final, c.sopFull);
    }
    expect(await liveKpis(db, { fromMonth, toMonth })).toEqual(inPeriod.finalise());

    const byDistrict = new Map<string, number>();
    for (const c of cases) byDistrict.set(c.identity.district, (byDistrict.get(c.identity.district) ?? 0) + 1);
    const [district] = [...byDistrict].sort((a, b) => b[1] - a[1])[0]!;
    const inDistrict = new KpiAccumulator();
    for (const c of cases) if (c.identity.district === district) inDistrict.addCase(c.final, c.sopFull);
    const wholeGroup = inDistrict.finalise().filter((v) => !('province' in v.group || 'district' in v.group || 'offenceClass' in v.group));
    expect(wholeGroup.length).toBeGreaterThan(5);
    expect(await liveKpis(db, { province: 'punjab', district }, [[]])).toEqual(wholeGroup);
    // A grouping the rollup does not keep within a district is refused, not answered wrongly.
    await expect(liveKpis(db, { province: 'punjab', district }, [['offenceClass']])).rejects.toThrow(KpiGroupingError);
  }, 120_000);
});
