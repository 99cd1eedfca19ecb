// The projection under retries and a second worker, and the inbox it serves: two workers projecting the same
// batches at once write each effect once; the inbox pages through a district's open tasks in SLA order with
// nothing skipped or repeated, and its filters select what a direct reading of the effects selects.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { projectionBatchOf } from '../../activities/projection-batch';
import { advanceCase, applyEvent, openCase, prepareCase, type CaseEffect, type CaseState, type CompiledSop, type EscalationEffect } from '../../rules/case-engine/index';
import { loadBundleFile } from '../../sources/load-sources';
import { inboxPage, type InboxFilter, type InboxItem } from '../../projection/inbox';
import { createProjectionActivities } from '../../projection/projection-activities';
import { buildKpiReport, kpiReportCsv, kpiReportHtml } from '../../projection/kpi-report';
import { rebuildReadModel } from '../../projection/rebuild';
import { rebuildKpiRollup } from '../../projection/kpi-rollup';
import { projectEffects } from '../../projection/project-effects';
import type { ReadModelDb } from '../../projection/read-model';
import { SYNTHETIC_SOP, syntheticBatches, syntheticIdentity } from '../../projection/synthetic-effects';
import { dumpReadModel, readModelForSuite, readModelTargets } from '../support/read-models';

const N = 600;
const batches = Array.from({ length: N }, (_, i) => ({ identity: syntheticIdentity(i), batches: syntheticBatches(i) }));

/** The open tasks a direct reading of the effects gives (the last effect of each escalation says where it stands). */
function expectedOpen(): (InboxItem & { climbs: number | null })[] {
  const last = new Map<string, { identity: (typeof batches)[number]['identity']; first: EscalationEffect; last: EscalationEffect }>();
  for (const c of batches)
    for (const b of c.batches)
      for (const e of b) {
        if (e.type !== 'escalation') continue;
        const key = `${c.identity.caseId}/${e.escalationId}`;
        const seen = last.get(key);
        last.set(key, { identity: c.identity, first: seen?.first ?? e, last: e });
      }
  return [...last.values()]
    .filter((x) => x.last.status === 'open' || x.last.status === 'acknowledged')
    .map(({ identity, first, last: e }) => ({
      caseId: identity.caseId,
      escalationId: e.escalationId,
      province: identity.province,
      district: identity.district,
      policeStation: identity.policeStation,
      offenceClass: identity.offenceClass,
      role: e.role,
      level: e.level,
      status: e.status,
      slaDueAt: e.slaDueAt,
      openedAt: first.at,
      cause: { kind: e.cause.kind, ref: e.cause.kind === 'clock-breach' ? e.cause.clockId : e.cause.gateId },
      climbs: e.slaDueAt,
    }))
    .sort((a, b) => (a.slaDueAt ?? Infinity) - (b.slaDueAt ?? Infinity) || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

async function allPages(db: ReadModelDb, district: string, filter: InboxFilter, limit: number): Promise<InboxItem[]> {
  const out: InboxItem[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await inboxPage(db, { province: district.split('-d')[0]!, district }, filter, { limit, ...(after ? { after } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error('the inbox never reached its last page');
}

describe.each(readModelTargets())('projection on $name', (target) => {
  const readModel = readModelForSuite(target);

  it('two workers projecting the same batches at once write each effect once', async () => {
    const db = readModel();
    const activities = createProjectionActivities(db);
    const worker = async (): Promise<number> => {
      let n = 0;
      for (const c of batches) for (const effects of c.batches) n += await activities.projectCaseEffects({ identity: c.identity, sop: SYNTHETIC_SOP, effects });
      return n;
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    const distinct = new Set(batches.flatMap((c) => c.batches.flat().map((e) => `${c.identity.caseId}/${e.id}`))).size;
    expect(a + b).toBe(distinct);
    const once = await dumpReadModel(db);
    expect(once.applied_effects).toHaveLength(distinct);
    expect(once.cases).toHaveLength(N);
    expect(await worker()).toBe(0);
    expect(await dumpReadModel(db)).toEqual(once);
    // A rebuild from scratch (every batch again, in each case's order) ends identical to the live model.
    const rebuilt = await rebuildReadModel(db, batches.flatMap((c) => c.batches.map((effects) => ({ identity: c.identity, sop: SYNTHETIC_SOP, effects }))));
    expect(rebuilt.effects).toBe(distinct);
    expect(await dumpReadModel(db)).toEqual(once);
  }, 300_000);

  it('four workers projecting different cases at once keep the rollup and its quantiles equal to a rebuild from the facts', async () => {
    const db = readModel();
    await rebuildReadModel(db, []);
    // Different cases of the same provinces and months: their batches change bins of the same histograms at once.
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let k = next++; k < batches.length; k = next++) for (const effects of batches[k]!.batches) await projectEffects(db, batches[k]!.identity, SYNTHETIC_SOP, effects);
      }),
    );
    const tables = async (): Promise<unknown[][]> => [
      (await sql`SELECT * FROM kpi_rollup WHERE hit <> 0 OR n <> 0 ORDER BY grain, metric, period, g1, g2, g3, k1, k2, k3, bin`.execute(db)).rows,
      (await sql`SELECT * FROM kpi_quantiles WHERE n > 0 ORDER BY grain, metric, period, g1, g2, g3, k1`.execute(db)).rows,
    ];
    const live = await tables();
    expect(live[1]!.length).toBeGreaterThan(100);
    await rebuildKpiRollup(db);
    expect(await tables()).toEqual(live);
  }, 300_000);

  it('reports the KPIs per province with definitions and basis; a hostile name is escaped and defused', async () => {
    const db = readModel();
    const report = await buildKpiReport(db, { fromMonth: '2025-01', toMonth: '2026-12' });
    const count = report.values.find((v) => v.kpi === 'cases.count' && Object.keys(v.group).length === 0);
    expect(count?.value).toBe(N);
    const provinces = report.values.filter((v) => v.kpi === 'cases.count' && Object.keys(v.group).join() === 'province');
    expect(provinces.reduce((n, v) => n + v.value, 0)).toBe(N);
    expect(report.definitions.every((d) => d.basis)).toBe(true);
    const hostile = { ...report, values: [{ kpi: 'cases.count', group: { province: '=HYPERLINK("x")<script>' }, value: 1, n: 1 }] };
    expect(kpiReportCsv(hostile)).toContain(`"'=HYPERLINK(""x"")<script>"`);
    expect(kpiReportHtml(hostile)).not.toContain('<script>"');
    const one = await buildKpiReport(db, { fromMonth: '2025-01', toMonth: '2026-12' }, 'sindh');
    expect(one.values.every((v) => v.group.province === undefined || v.group.province === 'sindh')).toBe(true);
  }, 120_000);

  it('pages a district\'s open tasks in SLA order, nothing skipped or repeated, and filters them', async () => {
    const db = readModel();
    const expected = expectedOpen();
    const counts = new Map<string, number>();
    for (const x of expected) counts.set(x.district, (counts.get(x.district) ?? 0) + 1);
    const district = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const strip = ({ climbs: _climbs, ...item }: InboxItem & { climbs: number | null }): InboxItem => item;
    const inDistrict = expected.filter((x) => x.district === district);
    expect(inDistrict.length).toBeGreaterThan(3);
    expect(await allPages(db, district, {}, 2)).toEqual(inDistrict.map(strip));

    const cut = inDistrict[Math.floor(inDistrict.length / 2)]!.slaDueAt!;
    const filter: InboxFilter = { role: 'sho', climbingBefore: cut, breachedClock: 'investigation' };
    const want = inDistrict.filter((x) => x.role === 'sho' && x.slaDueAt !== null && x.slaDueAt < cut && x.cause.ref === 'investigation').map(strip);
    expect(want.length).toBeGreaterThan(0);
    expect(await allPages(db, district, filter, 1)).toEqual(want);
    await expect(inboxPage(db, { province: 'punjab' }, {}, { after: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  }, 120_000);

  it('a back-dated event re-computes a case: an undone breach, a withdrawn task and an undone stage project as the case now stands', async () => {
    const db = readModel();
    const activities = createProjectionActivities(db);
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const DAY = 86_400_000;
    const firAt = Date.parse('2026-03-02T10:00:00+05:00');
    const run = async (fir: string, late: { id: string; type: string; day: number }[]) => {
      const { sop, facts } = await prepareCase(bundle, { province: 'punjab', district: 'lahore', policeStation: 'city', fir: { number: fir, year: 2026 }, offence: { class: 'theft' } });
      const caseId = `case/punjab/lahore/city/${fir}-2026`;
      let state: CaseState;
      let compiled: CompiledSop = sop;
      const project = (effects: CaseEffect[]) => activities.projectCaseEffects(projectionBatchOf(caseId, state, compiled, effects));
      const opened = await openCase(sop, facts, firAt);
      state = opened.state;
      await project(opened.effects);
      // Twenty-five days with no interim report: the clock breaches and its task opens and climbs.
      const later = advanceCase(compiled, state, firAt + 25 * DAY);
      state = later.state;
      await project(later.effects);
      for (const e of late) {
        const outcome = await applyEvent(compiled, state, { id: e.id, type: e.type, at: firAt + e.day * DAY });
        expect(outcome.status).toBe('applied');
        state = outcome.state;
        compiled = outcome.sop;
        expect(outcome.effects.some((x) => x.type === 'event-applied' && x.backDated)).toBe(true);
        await project(outcome.effects);
      }
      return { caseId, state };
    };
    // The interim report was in fact submitted on day 10: the clock never ran out, the task never was.
    const a = await run('901', [{ id: 'interim', type: 'INTERIM_CHALLAN_SUBMITTED', day: 10 }]);
    const clock = await db.selectFrom('clock_runs').selectAll().where('case_id', '=', a.caseId).where('clock_id', '=', 'interim-report').executeTakeFirstOrThrow();
    expect({ status: clock.status, breached: clock.breached_at, verdict: clock.verdict, ended: Number(clock.ended_at) }).toEqual({ status: 'met', breached: null, verdict: 'met', ended: firAt + 10 * DAY });
    const tasks = await db.selectFrom('escalations').select(['status', 'closed_at']).where('case_id', '=', a.caseId).execute();
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t.status === 'withdrawn' && t.closed_at !== null)).toBe(true);
    // A cancellation report on day 12 (a stage entered), then its rejection on day 13 (the stage undone).
    const b = await run('902', [
      { id: 'cancel', type: 'CANCELLATION_REPORT_SUBMITTED', day: 12 },
      { id: 'reject', type: 'CANCELLATION_REJECTED', day: 13 },
    ]);
    for (const c of [a, b]) {
      const row = await db.selectFrom('cases').select(['stage', 'closed']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
      expect(row).toEqual({ stage: c.state.stage, closed: false });
      // The open stay is the stage the case is in now.
      const open = await db.selectFrom('stage_stays').select('stage').where('case_id', '=', c.caseId).where('left_at', 'is', null).execute();
      expect(open).toEqual([{ stage: c.state.stage }]);
      // The inbox holds what the case holds live.
      const live = c.state.escalations.filter((e) => e.status === 'open' || e.status === 'acknowledged').map((e) => e.id).sort();
      const page = await inboxPage(db, { province: 'punjab', district: 'lahore' }, {}, { limit: 100 });
      expect(page.items.filter((i) => i.caseId === c.caseId).map((i) => i.escalationId).sort()).toEqual(live);
    }
    expect(a.state.stage).toBe('interim_report_filed');
    expect(b.state.stage).toBe('investigation');
  }, 120_000);
});
