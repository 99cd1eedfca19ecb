// KPI routes on a real read model (PGlite, synthetic projected cases): a province's prosecutor general gets the
// numbers the PPF report prints; a district's officer sees only their district, cannot reach another, and gets a
// clear 400 for a grouping the read model does not keep within a district; the drill-down lists exactly the
// cases behind a number, in pages, within scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiReport } from '../../projection/kpi-report';
import { projectEffects } from '../../projection/project-effects';
import { openReadModel, type ReadModelDb } from '../../projection/read-model';
import { SYNTHETIC_SOP, syntheticBatches, syntheticIdentity } from '../../projection/synthetic-effects';
import { KPI } from '../../rules/kpi/kpi-catalogue';
import type { KpiValue } from '../../rules/kpi/kpi-types';
import { apiHarness, PEOPLE, type Harness } from './api-harness';

const CASES = 250;
let db: ReadModelDb;
let h: Harness;
const districtOf = new Map<string, string>();

beforeAll(async () => {
  db = await openReadModel({ kind: 'pglite', dir: null });
  for (let i = 0; i < CASES; i++) {
    const identity = syntheticIdentity(i);
    districtOf.set(identity.caseId, identity.district);
    for (const batch of syntheticBatches(i)) await projectEffects(db, identity, SYNTHETIC_SOP, batch);
  }
  h = await apiHarness({ deps: { kpis: { readModel: db } } });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await db?.destroy();
});

const pg = { sub: 'u-punjab-pg', roles: ['prosecutor_general'], province: 'punjab' };
const d3 = { sub: 'u-d3-ddpp', roles: ['ddpp'], province: 'punjab', district: 'punjab-d3' };
const get = async (url: string, claims: object) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await h.token(claims)}` } });

describe('GET /kpis', () => {
  it('serves a province the numbers of the PPF report', async () => {
    const res = await get('/kpis?from=2025-01&to=2026-06&groupBy=district', pg);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ values: KpiValue[]; scope: object }>();
    expect(body.scope).toEqual({ province: 'punjab' });
    const report = await buildKpiReport(db, { fromMonth: '2025-01', toMonth: '2026-06' }, 'punjab');
    const byDistrict = report.values.filter((v) => v.group.district !== undefined && v.group.policeStation === undefined && v.group.province === 'punjab');
    expect(body.values.length).toBeGreaterThan(50);
    expect(body.values).toEqual(byDistrict);
  });

  it('keeps a district officer to their district', async () => {
    const res = await get('/kpis?from=2025-01&to=2026-06&groupBy=policeStation', d3);
    expect(res.statusCode).toBe(200);
    const values = res.json<{ values: KpiValue[] }>().values;
    expect(values.length).toBeGreaterThan(20);
    expect(new Set(values.map((v) => v.group.district))).toEqual(new Set(['punjab-d3']));
    expect((await get('/kpis?from=2025-01&to=2026-06&district=punjab-d4', d3)).statusCode).toBe(404);
    expect((await get('/kpis?from=2025-01&to=2026-06&province=sindh', pg)).statusCode).toBe(404);
  });

  it('refuses bad queries naming the field, and roles that do not monitor', async () => {
    const grouping = await get('/kpis?from=2025-01&to=2026-06&groupBy=offenceClass', d3);
    expect(grouping.statusCode).toBe(400);
    expect(JSON.stringify(grouping.json())).toContain('groupBy');
    const month = await get('/kpis?from=2025-13&to=2026-06', pg);
    expect(month.statusCode).toBe(400);
    expect(JSON.stringify(month.json())).toContain('from');
    expect((await get('/kpis?from=2026-06&to=2025-01', pg)).statusCode).toBe(400);
    expect((await get('/kpis?from=2025-01&to=2026-06', PEOPLE.punjabCfms)).statusCode).toBe(403);
  });
});

describe('GET /kpis/{kpi}/cases', () => {
  const wholeDistrict = async (kpi: string): Promise<KpiValue> => {
    const values = (await get('/kpis?from=2025-01&to=2026-06', d3)).json<{ values: KpiValue[] }>().values;
    return values.find((v) => v.kpi === kpi)!;
  };
  const allPages = async (url: string): Promise<string[]> => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const res = await get(`${url}&limit=25${after ? `&after=${encodeURIComponent(after)}` : ''}`, d3);
      expect(res.statusCode).toBe(200);
      const page: { caseIds: string[]; next: string | null } = res.json();
      ids.push(...page.caseIds);
      after = page.next;
    } while (after);
    return ids;
  };

  it('lists, page by page, exactly the cases a number counts, within scope', async () => {
    const count = await wholeDistrict(KPI.casesCount);
    const ids = await allPages('/kpis/cases.count/cases?from=2025-01&to=2026-06');
    expect(ids.length).toBe(count.value);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => districtOf.get(id) === 'punjab-d3')).toBe(true);

    const returned = await wholeDistrict(KPI.challanCasesReturnedShare);
    const hits = await allPages(`/kpis/${KPI.challanCasesReturnedShare}/cases?from=2025-01&to=2026-06&outcome=hit`);
    const misses = await allPages(`/kpis/${KPI.challanCasesReturnedShare}/cases?from=2025-01&to=2026-06&outcome=miss`);
    expect(hits.length).toBe(Math.round(returned.value * returned.n));
    expect(hits.length + misses.length).toBe(returned.n);
  });

  it('is not found for another district or an unknown KPI', async () => {
    expect((await get('/kpis/cases.count/cases?from=2025-01&to=2026-06&district=punjab-d4', d3)).statusCode).toBe(404);
    expect((await get('/kpis/no.such_kpi/cases?from=2025-01&to=2026-06', d3)).statusCode).toBe(404);
  });
});
