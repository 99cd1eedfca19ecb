// Saved views through the API on a real read model (PGlite, migration 005_saved_views): a view is saved with its
// filters checked field by field, listed for its owner and for their office when shared, deleted only by its
// owner. And the case view's explanations carry the case's own fact values only for roles that handle cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelSavedViews } from '../../api/saved-views/read-model-saved-views';
import { openReadModel, type ReadModelDb } from '../../projection/read-model';
import { apiHarness, PEOPLE, type Claims, type Harness } from './api-harness';

describe('saved views and what a case view withholds', () => {
  let db: ReadModelDb;
  let h: Harness;
  beforeAll(async () => {
    db = await openReadModel({ kind: 'pglite', dir: null });
    h = await apiHarness({ deps: { savedViews: readModelSavedViews(db) } });
  });
  afterAll(async () => {
    await h?.close();
    await db?.destroy();
  });

  const call = async (who: Claims, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await h.app.inject({ method, url, headers: { authorization: `Bearer ${await h.token(who)}` }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {} };
  };
  const names = async (who: Claims): Promise<string[]> => ((await call(who, 'GET', '/saved-views?page=inbox')).body.views as { name: string }[]).map((v) => v.name);

  it('keeps a person\u2019s views, shares them within the office only, and lets only the owner delete', async () => {
    const saved = await call(PEOPLE.lahoreSho, 'POST', '/saved-views', { page: 'inbox', name: 'Breached, level 2', filters: { breachedOnly: true, level: 2 }, shared: true });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ name: 'Breached, level 2', filters: { breachedOnly: true, level: 2 }, shared: true, mine: true });
    await call(PEOPLE.lahoreSho, 'POST', '/saved-views', { page: 'inbox', name: 'Mine only', filters: {} });
    expect(await names(PEOPLE.lahoreSho)).toEqual(['Breached, level 2', 'Mine only']);
    // Model Town's IO is the same office; Gulberg's SHO and Multan's are not.
    expect(await names(PEOPLE.lahoreIo)).toEqual(['Breached, level 2']);
    expect(await names(PEOPLE.gulbergSho)).toEqual([]);
    expect(await names(PEOPLE.multanSho)).toEqual([]);
    const viewId = saved.body.viewId as string;
    expect((await call(PEOPLE.lahoreIo, 'DELETE', `/saved-views/${viewId}`)).status).toBe(404);
    expect((await call(PEOPLE.lahoreSho, 'DELETE', `/saved-views/${viewId}`)).status).toBe(204);
    expect(await names(PEOPLE.lahoreIo)).toEqual([]);
  });

  it('refuses bad views with the field that is wrong, and source systems altogether', async () => {
    const bad = await call(PEOPLE.lahoreSho, 'POST', '/saved-views', { page: 'inbox', name: 'x', filters: { level: 'two', policeStation: '../gulberg' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/filters\.level/);
    expect(JSON.stringify(bad.body)).toMatch(/filters\.policeStation/);
    expect((await call(PEOPLE.lahoreSho, 'POST', '/saved-views', { page: 'inbox', name: '', filters: {} })).status).toBe(400);
    expect((await call(PEOPLE.lahoreSho, 'POST', '/saved-views', { page: 'inbox', name: 'x', filters: { owner: 'someone' } })).status).toBe(400);
    expect((await call(PEOPLE.punjabCfms, 'GET', '/saved-views?page=inbox')).status).toBe(403);
  });

  it('shows the case\u2019s fact values in an explanation to the SHO, never to a policy analyst', async () => {
    const caseId = encodeURIComponent('case/punjab/lahore/model-town/101-2026');
    const sho = await call(PEOPLE.lahoreSho, 'GET', `/cases/${caseId}`);
    const shoTask = (sho.body.openTasks as { explanation: { comparisons: { factValue: string | null }[]; factValuesWithheld: boolean } }[])[0]!;
    expect(shoTask.explanation).toMatchObject({ factValuesWithheld: false, comparisons: [{ factValue: '16' }] });
    const analyst = await call({ sub: 'u-analyst', roles: ['policy_analyst'], province: 'punjab' }, 'GET', `/cases/${caseId}`);
    expect(analyst.status).toBe(200);
    const seen = (analyst.body.openTasks as { explanation: { comparisons: { fact: string; factValue: string | null }[]; factValuesWithheld: boolean } }[])[0]!;
    expect(seen.explanation).toMatchObject({ factValuesWithheld: true, comparisons: [{ fact: 'accused.age', factValue: null }] });
    expect(JSON.stringify(analyst.body)).not.toContain('"16"');
  });
});
