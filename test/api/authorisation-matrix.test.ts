// The authorisation matrix: for each route, a caller of another district, another province or the wrong role,
// and a request with no token or an expired, wrongly signed, unsigned or foreign-issuer token gets 401/403/404
// and learns nothing (the same answer whether or not the case exists). The audit log records each case read.
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayAct, scopeFor } from '../../api/auth/authorisation';
import type { Caller } from '../../api/auth/caller';
import { apiHarness, CASES, PEOPLE, type Claims, type Harness } from './api-harness';

let h: Harness;
beforeAll(async () => {
  h = await apiHarness({ ignoreScope: true });
});
afterAll(() => h.close());

const LAHORE_CASE = encodeURIComponent('case/punjab/lahore/model-town/101-2026');
const NO_SUCH_CASE = encodeURIComponent('case/punjab/lahore/model-town/999-2026');

async function get(url: string, claims?: Claims): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await h.app.inject({ url, headers: claims ? { authorization: `Bearer ${await h.token(claims)}` } : {} });
  return { status: res.statusCode, body: res.json() };
}

describe('bad tokens get 401 on every route, before anything is looked up', () => {
  const routes = ['/sop-packs/punjab', '/sop-packs/punjab/2026.1', '/sop-packs/punjab/diff?from=2026.1&to=2026.2', '/sop-packs/punjab/2026.1/stage-graph', '/cases', `/cases/${LAHORE_CASE}`, '/audit'];
  const bad: [string, () => Promise<string>, string][] = [
    ['expired', () => h.token(PEOPLE.punjabAuditor, { expiresIn: '-1m' }), 'token-expired'],
    ['wrongly signed', () => h.token(PEOPLE.punjabAuditor, { key: h.foreignKey }), 'token-invalid'],
    ['alg none', () => Promise.resolve(new UnsecuredJWT({ ...PEOPLE.punjabAuditor }).setIssuer('https://issuer.test').setAudience('sopflow-api').setExpirationTime('5m').encode()), 'token-invalid'],
    ['another issuer', () => h.token(PEOPLE.punjabAuditor, { issuer: 'https://evil.test' }), 'token-invalid'],
    ['another audience', () => h.token(PEOPLE.punjabAuditor, { audience: 'someone-else' }), 'token-invalid'],
    ['no sopflow role', () => h.token({ sub: 'x', roles: ['offline_access'], province: 'punjab' }), 'token-claims-invalid'],
    ['station role without a station', () => h.token({ sub: 'x', roles: ['sho'], province: 'punjab', district: 'lahore' }), 'token-claims-invalid'],
    ['a system claiming a person\u2019s role', () => h.token({ client_id: 'sindh-cmms', roles: ['source_system', 'sho'], province: 'sindh', district: 'k', police_station: 'c' }), 'token-claims-invalid'],
  ];
  for (const route of routes) {
    it(`${route}: no token`, async () => {
      const r = await get(route);
      expect([r.status, r.body.code]).toEqual([401, 'token-missing']);
    });
    for (const [what, token, code] of bad) {
      it(`${route}: ${what}`, async () => {
        const res = await h.app.inject({ url: route, headers: { authorization: `Bearer ${await token()}` } });
        expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([401, code]);
        expect(res.body).not.toMatch(/lahore|model-town|2026\.2/);
      });
    }
  }
});

describe('cases', () => {
  it('a caller of another station, district or province gets the same 404 as for a case that does not exist', async () => {
    const missing = await get(`/cases/${NO_SUCH_CASE}`, PEOPLE.lahoreSho);
    expect(missing.status).toBe(404);
    for (const who of [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho, PEOPLE.sindhCmms]) {
      expect(await get(`/cases/${LAHORE_CASE}`, who)).toEqual(missing);
    }
  });

  it('the station, its district and its province may read the case', async () => {
    for (const who of [PEOPLE.lahoreSho, PEOPLE.lahoreDdpp, PEOPLE.punjabPg]) {
      expect((await get(`/cases/${LAHORE_CASE}`, who)).status).toBe(200);
    }
  });

  it('a wrong role is 403 on a visible case, and 404 (not 403) on one it may not see', async () => {
    expect((await get(`/cases/${LAHORE_CASE}`, PEOPLE.punjabAuthor)).body.code).toBe('forbidden-role');
    expect((await get(`/cases/${LAHORE_CASE}`, { ...PEOPLE.sindhAuthor })).status).toBe(404);
    expect((await get('/cases', PEOPLE.punjabAuditor)).status).toBe(403);
  });

  it('a listing holds only the caller\u2019s jurisdiction, even when the port returns more', async () => {
    const ids = async (claims: Claims, query = ''): Promise<string[]> => ((await get(`/cases${query}`, claims)).body.cases as { caseId: string }[]).map((c) => c.caseId);
    expect(await ids(PEOPLE.lahoreSho)).toEqual(['case/punjab/lahore/model-town/101-2026']);
    expect(await ids(PEOPLE.lahoreDdpp)).toEqual(['case/punjab/lahore/model-town/101-2026', 'case/punjab/lahore/gulberg/7-2026']);
    expect(await ids(PEOPLE.punjabPg)).toHaveLength(3);
    expect(await ids(PEOPLE.sindhCmms)).toEqual(['case/sindh/karachi-south/clifton/9-2026']);
    // A filter cannot widen the scope: Lahore's DDPP asking for Multan gets nothing.
    expect(await ids(PEOPLE.lahoreDdpp, '?district=multan')).toEqual([]);
    expect(await ids(PEOPLE.punjabPg, '?district=multan')).toEqual(['case/punjab/multan/cantt/55-2026']);
    expect(await ids(PEOPLE.punjabPg, '?overdue=true&district=lahore')).toEqual(['case/punjab/lahore/model-town/101-2026']);
  });
});

describe('SOP packs', () => {
  it('anyone signed in reads adopted packs of any province; a source system may not', async () => {
    const list = await get('/sop-packs/sindh', PEOPLE.lahoreSho);
    expect(list.status).toBe(200);
    expect((list.body.packs as { version: string; status: string }[]).map((p) => [p.version, p.status])).toEqual([['2026.1', 'adopted']]);
    expect((await get('/sop-packs/punjab', PEOPLE.sindhCmms)).status).toBe(403);
  });

  it('a proposal exists only for its own province\u2019s SOP staff', async () => {
    const versions = async (claims: Claims): Promise<string[]> => ((await get('/sop-packs/punjab', claims)).body.packs as { version: string }[]).map((p) => p.version);
    expect(await versions(PEOPLE.punjabAuthor)).toEqual(['2026.1', '2026.2']);
    expect(await versions(PEOPLE.lahoreSho)).toEqual(['2026.1']);
    expect(await versions(PEOPLE.sindhAuthor)).toEqual(['2026.1']);
    const hidden = await get('/sop-packs/punjab/2026.2', PEOPLE.lahoreSho);
    const absent = await get('/sop-packs/punjab/2031.1', PEOPLE.lahoreSho);
    expect(hidden.status).toBe(404);
    expect(hidden.body.fields).toEqual([{ path: 'params.version', message: 'must be one of: 2026.1' }]);
    expect(hidden.body.detail).toBe('punjab has no SOP version 2026.2');
    expect(absent.body.fields).toEqual(hidden.body.fields);
  });

  it('the SOP author diffs the proposal against the pack in force and draws its stage graph', async () => {
    const diff = await get('/sop-packs/punjab/diff?from=2026.1&to=2026.2', PEOPLE.punjabAuthor);
    expect(diff.status).toBe(200);
    expect(diff.body.to).toEqual({ province: 'punjab', version: '2026.2' });
    expect(diff.body.header).toContainEqual({ path: 'version', before: '2026.1', after: '2026.2' });
    expect((await get('/sop-packs/punjab/diff?from=2026.1&to=2026.2', PEOPLE.lahoreSho)).status).toBe(404);
    const graph = await get('/sop-packs/punjab/2026.1/stage-graph?format=dot', PEOPLE.lahoreSho);
    expect(graph.body.format).toBe('dot');
    expect(graph.body.source).toMatch(/^digraph/);
  });

  it('one pack lists its clocks with their citations', async () => {
    const pack = await get('/sop-packs/punjab/2026.1', PEOPLE.lahoreSho);
    const clocks = pack.body.clocks as { id: string; citation: { section: string; verified: boolean } }[];
    expect(clocks.length).toBeGreaterThan(0);
    for (const c of clocks) expect(c.citation.section.length).toBeGreaterThan(0);
  });
});

describe('audit', () => {
  it('records each case read with who, role, jurisdiction and outcome; only an auditor of the province reads it', async () => {
    await get(`/cases/${LAHORE_CASE}`, PEOPLE.lahoreSho);
    await get(`/cases/${LAHORE_CASE}`, PEOPLE.multanSho);
    await get(`/cases/${LAHORE_CASE}`);
    const log = await get(`/audit?caseId=${LAHORE_CASE}&action=case.read`, PEOPLE.punjabAuditor);
    expect(log.status).toBe(200);
    const entries = log.body.entries as { subject: string; roles: string[]; outcome: string; jurisdiction?: { district?: string }; caseId: string }[];
    expect(entries).toContainEqual(expect.objectContaining({ subject: 'u-lahore-sho', roles: ['sho'], outcome: 'ok', caseId: 'case/punjab/lahore/model-town/101-2026', jurisdiction: { province: 'punjab', district: 'lahore', policeStation: 'model-town' } }));
    expect(entries).toContainEqual(expect.objectContaining({ subject: 'u-multan-sho', outcome: 'not-found' }));
    expect((await get('/audit', PEOPLE.punjabPg)).status).toBe(403);
    expect((await get('/audit?province=sindh', PEOPLE.punjabAuditor)).status).toBe(403);
    const sindh = await get('/audit', { sub: 'u-sindh-auditor', roles: ['auditor'], province: 'sindh' });
    expect((sindh.body.entries as { jurisdiction?: { province: string } }[]).every((e) => e.jurisdiction?.province === 'sindh')).toBe(true);
    // The audit read itself is audited.
    expect((await h.audit.query({ action: 'audit.read', limit: 100 })).length).toBeGreaterThanOrEqual(3);
  });
});

describe('mayAct and scopeFor', () => {
  const sho: Caller = { subject: 's', kind: 'user', roles: ['sho'], jurisdiction: { province: 'punjab', district: 'lahore', policeStation: 'model-town' } };
  const here = { province: 'punjab' as const, district: 'lahore', policeStation: 'model-town' };
  it('a supervisor acts only on tasks at their role, and only in their jurisdiction', () => {
    expect(mayAct(sho, { kind: 'task.act', case: here, taskRole: 'sho' })).toEqual({ ok: true });
    expect(mayAct(sho, { kind: 'task.act', case: here, taskRole: 'sdpo' })).toMatchObject({ ok: false, status: 403 });
    expect(mayAct(sho, { kind: 'task.act', case: { ...here, policeStation: 'gulberg' }, taskRole: 'sdpo' })).toMatchObject({ ok: false, status: 404 });
  });
  it('a Sindh CMMS may send Sindh events, not Punjab ones', () => {
    const cmms: Caller = { subject: 'sindh-cmms', kind: 'system', roles: ['source_system'], jurisdiction: { province: 'sindh' } };
    expect(mayAct(cmms, { kind: 'case.event', case: { province: 'sindh', district: 'karachi-south', policeStation: 'clifton' } })).toEqual({ ok: true });
    expect(mayAct(cmms, { kind: 'case.event', case: here })).toMatchObject({ ok: false, status: 404 });
    expect(scopeFor(cmms)).toEqual({ province: 'sindh' });
  });
  it('the cases in the fixture are in distinct jurisdictions', () => {
    expect(new Set(CASES.map((c) => JSON.stringify(c.jurisdiction))).size).toBe(CASES.length);
  });
});
