// The authorisation matrix: for each route, a caller of another district, another province or the wrong role,
// and a request with no token or an expired, wrongly signed, unsigned or foreign-issuer token gets 401/403/404
// and learns nothing (the same answer whether or not the case exists). The audit log records each case read.
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayAct, scopeFor } from '../../api/auth/authorisation';
import type { Caller } from '../../api/auth/caller';
import { apiHarness, CASES, PEOPLE, TASKS, type Claims, type Harness } from './api-harness';
import { conformanceTo, type Conformance } from './openapi-conformance';

let h: Harness;
let conformance: Conformance;
beforeAll(async () => {
  h = await apiHarness({ ignoreScope: true });
  conformance = conformanceTo((await h.app.inject('/openapi.json')).json());
});
afterAll(() => h.close());

const LAHORE_CASE = encodeURIComponent('case/punjab/lahore/model-town/101-2026');
const NO_SUCH_CASE = encodeURIComponent('case/punjab/lahore/model-town/999-2026');

async function get(url: string, claims?: Claims): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await h.app.inject({ url, headers: claims ? { authorization: `Bearer ${await h.token(claims)}` } : {} });
  return { status: res.statusCode, body: res.json() };
}

/** A POST whose answer is checked against the OpenAPI document under its route template. */
async function post(route: string, params: Record<string, string>, body: unknown, claims?: Claims, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = route.replace(/:([A-Za-z]+)/g, (_m, k: string) => encodeURIComponent(params[k]!));
  const res = await h.app.inject({ method: 'POST', url, payload: body as object, headers: { ...(claims ? { authorization: `Bearer ${await h.token(claims)}` } : {}), ...headers } });
  conformance.check('POST', route, res.statusCode, res.headers['content-type'] as string | undefined, res.json());
  return { status: res.statusCode, body: res.json() };
}

/** A GET checked against the OpenAPI document. */
async function read(route: string, params: Record<string, string>, query: string, claims?: Claims): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = route.replace(/:([A-Za-z]+)/g, (_m, k: string) => encodeURIComponent(params[k]!)) + query;
  const res = await h.app.inject({ url, headers: claims ? { authorization: `Bearer ${await h.token(claims)}` } : {} });
  conformance.check('GET', route, res.statusCode, res.headers['content-type'] as string | undefined, res.json());
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

const LAHORE_ID = 'case/punjab/lahore/model-town/101-2026';
const LAHORE_TASK = TASKS[0]!.taskId;
const LAHORE_FACTS = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '101', year: 2026 }, offence: { class: 'ordinary' } };
const FIR_AT = '2026-02-01T09:00:00+05:00';
const PMIS_RECORD = (province: string): Record<string, unknown> => ({
  recordId: 'm-1',
  movement: 'release',
  occurredAt: '2026-03-01T10:00:00Z',
  fir: { province, district: province === 'sindh' ? 'karachi-south' : 'lahore', policeStation: province === 'sindh' ? 'clifton' : 'model-town', number: province === 'sindh' ? '9' : '101', year: 2026 },
});

describe('case, task and intake routes: bad tokens get 401 before anything is looked up or sent', () => {
  const routes: [string, Record<string, string>, unknown, Record<string, string>?][] = [
    ['/cases', {}, { facts: LAHORE_FACTS, firAt: FIR_AT }],
    ['/cases/:caseId/events', { caseId: LAHORE_ID }, { id: 'e-1', type: 'HEARING_HELD' }],
    ['/cases/:caseId/migration/preview', { caseId: LAHORE_ID }, { version: '2026.2' }],
    ['/cases/:caseId/migration/apply', { caseId: LAHORE_ID }, { version: '2026.2', digest: `sha256:${'0'.repeat(64)}`, reason: 'r' }],
    ['/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, { 'idempotency-key': 'k-1' }],
    ['/tasks/:taskId/resolve', { taskId: LAHORE_TASK }, { directive: 'file the report' }, { 'idempotency-key': 'k-2' }],
    ['/tasks/:taskId/reassign', { taskId: LAHORE_TASK }, { toRole: 'sdpo' }, { 'idempotency-key': 'k-3' }],
    ['/tasks/:taskId/extend', { taskId: LAHORE_TASK }, { days: 3 }, { 'idempotency-key': 'k-4' }],
    ['/intake/cmms', {}, { records: [{ recordId: 'r-1', code: 'HEARING', occurredAt: '2026-03-01T10:00:00Z', fir: PMIS_RECORD('punjab').fir }] }],
    ['/intake/pmis', {}, { records: [PMIS_RECORD('punjab')] }],
  ];
  const bad: [string, () => Promise<string>, string][] = [
    ['expired', () => h.token(PEOPLE.lahoreSho, { expiresIn: '-1m' }), 'token-expired'],
    ['wrongly signed', () => h.token(PEOPLE.lahoreSho, { key: h.foreignKey }), 'token-invalid'],
    ['alg none', () => Promise.resolve(new UnsecuredJWT({ ...PEOPLE.lahoreSho }).setIssuer('https://issuer.test').setAudience('sopflow-api').setExpirationTime('5m').encode()), 'token-invalid'],
  ];
  for (const [route, params, body, headers] of routes) {
    it(`POST ${route}: no token, expired, wrongly signed, unsigned`, async () => {
      const before = [h.cases.sent.length, h.tasks.acted.length];
      const none = await post(route, params, body, undefined, headers);
      expect([none.status, none.body.code]).toEqual([401, 'token-missing']);
      for (const [, token, code] of bad) {
        const res = await h.app.inject({ method: 'POST', url: route.replace(/:([A-Za-z]+)/g, (_m, k: string) => encodeURIComponent(params[k]!)), payload: body as object, headers: { authorization: `Bearer ${await token()}`, ...headers } });
        expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([401, code]);
        expect(res.body).not.toMatch(/lahore|model-town|101/);
      }
      expect([h.cases.sent.length, h.tasks.acted.length]).toEqual(before);
    });
  }
  it('GET /tasks: no token or an expired one', async () => {
    expect((await read('/tasks', {}, '')).status).toBe(401);
    const res = await h.app.inject({ url: '/tasks', headers: { authorization: `Bearer ${await h.token(PEOPLE.lahoreSho, { expiresIn: '-1m' })}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe('opening a case', () => {
  it('the station opens its FIR\u2019s case once; the same FIR again is the existing case', async () => {
    const facts = { ...LAHORE_FACTS, fir: { number: '3001', year: 2026 } };
    const first = await post('/cases', {}, { facts, firAt: FIR_AT }, PEOPLE.lahoreSho);
    expect([first.status, first.body.status, first.body.caseId]).toEqual([201, 'opened', 'case/punjab/lahore/model-town/3001-2026']);
    expect((await post('/cases', {}, { facts, firAt: FIR_AT }, PEOPLE.lahoreIo)).body.status).toBe('existing');
  });
  it('another station, district or province gets 404; a role that does not open cases gets 403', async () => {
    const facts = { ...LAHORE_FACTS, fir: { number: '3002', year: 2026 } };
    for (const who of [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho, PEOPLE.sindhCmms]) {
      const r = await post('/cases', {}, { facts, firAt: FIR_AT }, who);
      expect([r.status, r.body.code]).toEqual([404, 'not-found']);
    }
    for (const who of [PEOPLE.lahoreDdpp, PEOPLE.punjabAuthor]) expect((await post('/cases', {}, { facts, firAt: FIR_AT }, who)).body.code).toBe('forbidden-role');
    // The Punjab CFMS may open Punjab cases.
    expect((await post('/cases', {}, { facts, firAt: FIR_AT }, PEOPLE.punjabCfms)).status).toBe(201);
  });
  it('bad facts are a 400 naming the field', async () => {
    const r = await post('/cases', {}, { facts: { ...LAHORE_FACTS, fir: { number: 'no spaces allowed', year: 2026 } }, firAt: FIR_AT }, PEOPLE.lahoreSho);
    expect(r.status).toBe(400);
    expect((r.body.fields as { path: string }[])[0]!.path).toBe('body.facts.fir.number');
  });
});

describe('case events', () => {
  it('another station, district or province gets the same 404 as a case that is not there; a wrong role 403', async () => {
    const event = { id: 'hearing-1', type: 'HEARING_HELD' };
    const missing = await post('/cases/:caseId/events', { caseId: 'case/punjab/lahore/model-town/999-2026' }, event, PEOPLE.lahoreSho);
    expect(missing.status).toBe(404);
    for (const who of [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho, PEOPLE.sindhCmms]) {
      expect(await post('/cases/:caseId/events', { caseId: LAHORE_ID }, event, who)).toEqual(missing);
    }
    expect((await post('/cases/:caseId/events', { caseId: LAHORE_ID }, event, PEOPLE.punjabAuthor)).body.code).toBe('forbidden-role');
    expect(h.cases.sent.filter((s) => s.event.id === 'hearing-1')).toEqual([]);
  });
  it('is idempotent by event id; a reused id with another body is a 409', async () => {
    const event = { id: 'adj-1', type: 'HEARING_ADJOURNED', at: '2026-03-01T10:00:00+05:00' };
    expect((await post('/cases/:caseId/events', { caseId: LAHORE_ID }, event, PEOPLE.lahoreSho)).body).toMatchObject({ status: 'applied' });
    expect((await post('/cases/:caseId/events', { caseId: LAHORE_ID }, event, PEOPLE.lahoreDdpp)).body).toMatchObject({ status: 'duplicate' });
    const reused = await post('/cases/:caseId/events', { caseId: LAHORE_ID }, { ...event, type: 'HEARING_HELD' }, PEOPLE.lahoreSho);
    expect([reused.status, reused.body.code]).toEqual([409, 'duplicate-conflict']);
    expect(h.cases.sent.filter((s) => s.event.id === 'adj-1')).toHaveLength(1);
    expect(h.cases.sent.find((s) => s.event.id === 'adj-1')!.event.at).toBe(Date.parse('2026-03-01T05:00:00Z'));
  });
  it('a task action cannot be sent as a raw event (its role check would be skipped)', async () => {
    const r = await post('/cases/:caseId/events', { caseId: LAHORE_ID }, { id: 'a-1', type: 'ESCALATION_ACKNOWLEDGED' }, PEOPLE.lahoreSho);
    expect([r.status, r.body.code]).toEqual([400, 'use-task-route']);
  });
});

describe('SOP migration of a case', () => {
  const body = { version: '2026.2' };
  it('only a head of service in the case\u2019s jurisdiction previews or applies; others get 403 or 404', async () => {
    expect((await post('/cases/:caseId/migration/preview', { caseId: LAHORE_ID }, body, PEOPLE.lahoreDpo)).status).toBe(200);
    expect((await post('/cases/:caseId/migration/preview', { caseId: LAHORE_ID }, body, PEOPLE.punjabPg)).status).toBe(200);
    expect((await post('/cases/:caseId/migration/preview', { caseId: LAHORE_ID }, body, PEOPLE.lahoreSho)).body.code).toBe('forbidden-role');
    expect((await post('/cases/:caseId/migration/preview', { caseId: LAHORE_ID }, body, PEOPLE.karachiSho)).status).toBe(404);
    const apply = { ...body, digest: `sha256:${'0'.repeat(64)}`, reason: 'the 2026.2 pack is adopted' };
    expect((await post('/cases/:caseId/migration/apply', { caseId: LAHORE_ID }, apply, PEOPLE.lahoreDpo)).status).toBe(200);
    expect((await post('/cases/:caseId/migration/apply', { caseId: LAHORE_ID }, apply, { sub: 'u-multan-dpo', roles: ['dpo'], province: 'punjab', district: 'multan' })).status).toBe(404);
  });
});

describe('task inbox', () => {
  const ids = async (claims: Claims, query = ''): Promise<string[]> => {
    const r = await read('/tasks', {}, query, claims);
    expect(r.status).toBe(200);
    return (r.body.tasks as { taskId: string }[]).map((t) => t.taskId);
  };
  it('holds only tasks at the caller\u2019s roles in their jurisdiction, even when the port returns every task', async () => {
    expect(await ids(PEOPLE.lahoreSho)).toEqual([TASKS[0]!.taskId]);
    expect(await ids(PEOPLE.gulbergSho)).toEqual([TASKS[1]!.taskId]);
    expect(await ids(PEOPLE.multanSho)).toEqual([TASKS[3]!.taskId]);
    expect(await ids(PEOPLE.karachiSho)).toEqual([TASKS[4]!.taskId]);
    expect(await ids(PEOPLE.lahoreDdpp)).toEqual([TASKS[2]!.taskId]);
    expect(await ids(PEOPLE.lahoreDdpp, '?role=sho')).toEqual([]);
    expect(await ids(PEOPLE.lahoreSho, '?policeStation=gulberg')).toEqual([]);
  });
  it('filters by status, level, clock and climbing time', async () => {
    expect(await ids(PEOPLE.lahoreSho, '?status=acknowledged')).toEqual([]);
    expect(await ids(PEOPLE.lahoreSho, '?level=2')).toEqual([]);
    expect(await ids(PEOPLE.lahoreSho, '?breachedClock=interim-report&level=1&status=open')).toEqual([TASKS[0]!.taskId]);
    expect(await ids(PEOPLE.lahoreSho, '?climbingBefore=2026-03-01T00:00:00Z')).toEqual([]);
    expect(await ids(PEOPLE.lahoreSho, '?climbingBefore=2026-03-03T00:00:00Z')).toEqual([TASKS[0]!.taskId]);
  });
  it('is refused to roles that hold no tasks and to source systems', async () => {
    for (const who of [PEOPLE.punjabAuthor, PEOPLE.punjabAuditor, PEOPLE.sindhCmms]) expect((await read('/tasks', {}, '', who)).status).toBe(403);
  });
});

describe('task actions', () => {
  it('another station, district or province gets 404; a task at another role 403; the task\u2019s own role acts, once per key', async () => {
    const key = { 'idempotency-key': 'ack-lahore-1' };
    for (const who of [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho]) {
      expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, who, key)).status).toBe(404);
    }
    expect((await post('/tasks/:taskId/acknowledge', { taskId: `${LAHORE_ID}/task/breach:nothing#1` }, {}, PEOPLE.lahoreSho, key)).status).toBe(404);
    expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreDdpp, key)).body.code).toBe('forbidden-role');
    expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreIo, key)).body.code).toBe('forbidden-role');
    expect(h.tasks.acted).toEqual([]);
    expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreSho, key)).body).toMatchObject({ status: 'applied', eventId: 'ack-lahore-1' });
    expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreSho, key)).body).toMatchObject({ status: 'duplicate' });
    expect(h.tasks.acted).toEqual([{ taskId: LAHORE_TASK, eventId: 'ack-lahore-1', role: 'sho' }]);
  });
  it('needs an Idempotency-Key, a directive to resolve, a role to reassign and days to extend', async () => {
    expect((await post('/tasks/:taskId/acknowledge', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreSho)).status).toBe(400);
    const key = { 'idempotency-key': 'k-9' };
    expect((await post('/tasks/:taskId/resolve', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreSho, key)).status).toBe(400);
    expect((await post('/tasks/:taskId/reassign', { taskId: LAHORE_TASK }, {}, PEOPLE.lahoreSho, key)).status).toBe(400);
    expect((await post('/tasks/:taskId/extend', { taskId: LAHORE_TASK }, { days: -1 }, PEOPLE.lahoreSho, key)).status).toBe(400);
  });
});

describe('batch intake', () => {
  it('a Sindh CMMS cannot post a Punjab record: the whole batch is refused and nothing is sent', async () => {
    const before = h.cases.sent.length;
    const r = await post('/intake/pmis', {}, { records: [PMIS_RECORD('sindh'), PMIS_RECORD('punjab')] }, PEOPLE.sindhCmms);
    expect([r.status, r.body.code]).toEqual([403, 'forbidden-jurisdiction']);
    expect(r.body.fields).toEqual([{ path: 'body.records.1.fir.province', message: 'must be sindh' }]);
    expect(h.cases.sent.length).toBe(before);
  });
  it('its own province\u2019s records get a result each; people may not post feeds', async () => {
    const r = await post('/intake/pmis', {}, { records: [PMIS_RECORD('sindh'), { ...PMIS_RECORD('sindh'), recordId: 'm-2', fir: { ...(PMIS_RECORD('sindh').fir as object), number: '404' } }] }, PEOPLE.sindhCmms);
    expect(r.status).toBe(200);
    expect((r.body.results as { result: string; code?: string }[]).map((x) => [x.result, x.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'not-found'],
    ]);
    expect((await post('/intake/pmis', {}, { records: [PMIS_RECORD('punjab')] }, PEOPLE.lahoreSho)).body.code).toBe('forbidden-role');
    expect((await post('/intake/cmms', {}, { records: [] }, PEOPLE.sindhCmms)).status).toBe(400);
  });
});

describe('the OpenAPI document covers what the tests saw', () => {
  it('every case, task and intake route was checked against it', () => {
    const seen = conformance.checked().map((s) => s.split(' ').slice(0, 2).join(' '));
    for (const route of ['POST /cases', 'POST /cases/{caseId}/events', 'POST /cases/{caseId}/migration/preview', 'POST /cases/{caseId}/migration/apply', 'GET /tasks', 'POST /tasks/{taskId}/acknowledge', 'POST /tasks/{taskId}/resolve', 'POST /intake/pmis', 'POST /intake/cmms']) {
      expect(seen).toContain(route);
    }
  });
});
