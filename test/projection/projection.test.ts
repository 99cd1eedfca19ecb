// The projection under retries and a second worker, and the inbox it serves: two workers projecting the same
// batches at once write each effect once; the inbox pages through a district's open tasks in SLA order with
// nothing skipped or repeated, and its filters select what a direct reading of the effects selects.
import { describe, expect, it } from 'vitest';
import type { EscalationEffect } from '../../rules/case-engine/index';
import { inboxPage, type InboxFilter, type InboxItem } from '../../projection/inbox';
import { createProjectionActivities } from '../../projection/projection-activities';
import { buildKpiReport, kpiReportCsv, kpiReportHtml } from '../../projection/kpi-report';
import { rebuildReadModel } from '../../projection/rebuild';
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
});
