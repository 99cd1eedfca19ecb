// The API on the real stack: the Temporal dev server, a sopflow worker, the API over HTTP on a real port and the
// in-process OpenID provider. A case is opened through the API, events are sent, the escalation shows in the
// right inbox only (Lahore Model Town's SHO, not Multan's or Gulberg's), and the Lahore SHO acknowledges it.
// Inboxes and the overdue listing come from the read model the worker projects into (PGlite), as in npm start.
// Prison facts arrive through the PMIS feed and drive the custody clocks. Every response is checked against
// the OpenAPI document.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import { buildApi } from '../../api/build-api';
import { temporalCasesPort } from '../../api/cases/temporal-cases-port';
import { startLocalProvider, type LocalProvider } from '../../api/oidc/local-provider';
import { readModelCasesPort } from '../../api/cases/read-model-cases-port';
import { readModelTasksPort } from '../../api/tasks/read-model-tasks-port';
import { freePort } from '../../local-temporal/free-port';
import { readModelForSuite, readModelTargets } from '../support/read-models';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';
import { sopCatalogue } from './api-harness';
import { authorizationCodeToken, clientCredentialsToken, localProviderFlow } from './oidc-tokens';
import { conformanceTo, type Conformance } from './openapi-conformance';

const DAY = 86_400_000;
const REDIRECT = 'http://127.0.0.1:1/callback';

describe('the API on the real stack', () => {
  const readModel = readModelForSuite(readModelTargets()[0]!);
  const suite = workerForSuite('dev', 'api-stack', { readModel });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-api-stack-'));
  let provider: LocalProvider;
  let api: Awaited<ReturnType<typeof buildApi>>;
  let base = '';
  let conformance: Conformance;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    provider = await startLocalProvider({ dataDir, port: await freePort(), audience: 'sopflow-api', redirectUris: [REDIRECT] });
    const client = suite.env().client;
    api = await buildApi({
      verifyToken: createTokenVerifier({ issuer: provider.issuer, audience: 'sopflow-api' }),
      cases: readModelCasesPort(temporalCasesPort({ client, taskQueue: suite.taskQueue, catalogue: sopCatalogue() }), readModel(), sopCatalogue()),
      tasks: readModelTasksPort(client, readModel()),
      audit: new JsonLinesAuditSink(path.join(dataDir, 'audit', 'audit.jsonl')),
      sopPacks: sopCatalogue(),
    });
    base = await api.listen({ port: await freePort(), host: '127.0.0.1' });
    conformance = conformanceTo(await (await fetch(`${base}/openapi.json`)).json());
    for (const user of ['lahore-sho', 'multan-sho', 'lahore-gulberg-sho', 'lahore-sdpo']) {
      tokens[user] = await authorizationCodeToken(localProviderFlow(provider.issuer, REDIRECT), user, 'local-only-demo');
    }
    tokens['punjab-pmis'] = await clientCredentialsToken(`${provider.issuer}/token`, 'punjab-pmis', 'local-only-punjab-pmis', { scope: 'api' });
    tokens['sindh-cmms'] = await clientCredentialsToken(`${provider.issuer}/token`, 'sindh-cmms', 'local-only-sindh-cmms', { scope: 'api' });
  });
  afterAll(async () => {
    await api?.close();
    await provider?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** One HTTP call; the answer is checked against the OpenAPI document under the route's template. */
  async function call(
    who: string,
    method: 'GET' | 'POST',
    route: string,
    params: Record<string, string> = {},
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = route.replace(/:([A-Za-z]+)/g, (_m, k: string) => encodeURIComponent(params[k]!));
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]!}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    conformance.check(method, route.split('?')[0]!, res.status, res.headers.get('content-type') ?? undefined, json);
    return { status: res.status, body: json };
  }

  async function inbox(who: string, query = ''): Promise<{ taskId: string; role: string; status: string }[]> {
    return (await call(who, 'GET', `/tasks${query}`)).body.tasks as { taskId: string; role: string; status: string }[];
  }

  it('opens a case, takes events, shows the escalation in the Lahore SHO\u2019s inbox only, and the SHO acknowledges it', async () => {
    // An FIR registered 20 days ago with no interim report: the 17-day interim-report clock (s.173) is
    // breached on opening and the police ladder raises a task at the SHO.
    const firAt = Date.now() - 20 * DAY;
    const year = DateTime.fromMillis(firAt, { zone: 'Asia/Karachi' }).year;
    const fir = String(Math.floor(Math.random() * 1e6));
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'Model Town', fir: { number: fir, year }, offence: { class: 'theft' } };
    const opened = await call('lahore-sho', 'POST', '/cases', {}, { facts, firAt: new Date(firAt).toISOString() });
    expect(opened.status).toBe(201);
    const caseId = `case/punjab/lahore/model-town/${fir}-${year}`;
    expect(opened.body).toMatchObject({ caseId, status: 'opened', jurisdiction: { province: 'punjab', district: 'lahore', policeStation: 'model-town' } });
    // Idempotent by FIR: the same FIR again is the running case.
    expect((await call('lahore-sho', 'POST', '/cases', {}, { facts, firAt: new Date(firAt).toISOString() })).body).toMatchObject({ caseId, status: 'existing' });
    // Multan's SHO may not open a Lahore case; to them it is not there.
    expect((await call('multan-sho', 'POST', '/cases', {}, { facts, firAt: new Date(firAt).toISOString() })).status).toBe(404);

    const arrest = { id: `arrest-${randomUUID()}`, type: 'ACCUSED_ARRESTED', at: new Date(firAt + DAY).toISOString(), facts: { accused: { inCustody: true } } };
    expect((await call('lahore-sho', 'POST', '/cases/:caseId/events', { caseId }, arrest)).body).toMatchObject({ status: 'applied' });
    expect((await call('lahore-sho', 'POST', '/cases/:caseId/events', { caseId }, arrest)).body).toMatchObject({ status: 'duplicate' });
    const reused = await call('lahore-sho', 'POST', '/cases/:caseId/events', { caseId }, { ...arrest, type: 'ACCUSED_ABSCONDED', facts: { accused: { inCustody: false } } });
    expect([reused.status, reused.body.code]).toEqual([409, 'duplicate-conflict']);
    const refused = await call('lahore-sho', 'POST', '/cases/:caseId/events', { caseId }, { id: `appeal-${randomUUID()}`, type: 'APPEAL_DECIDED' });
    expect([refused.status, refused.body.code]).toEqual([409, 'rejected']);
    expect((await call('multan-sho', 'POST', '/cases/:caseId/events', { caseId }, { id: `x-${randomUUID()}`, type: 'HEARING_HELD' })).status).toBe(404);

    const taskId = `${caseId}/task/breach:interim-report#1`;
    let mine: { taskId: string }[] = [];
    for (let i = 0; i < 100 && !mine.some((t) => t.taskId === taskId); i++) {
      mine = await inbox('lahore-sho');
      if (!mine.some((t) => t.taskId === taskId)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(mine.map((t) => t.taskId)).toContain(taskId);
    expect((await inbox('lahore-sho', '?breachedClock=interim-report&status=open')).map((t) => t.taskId)).toContain(taskId);
    expect((await inbox('lahore-sho', '?breachedClock=judicial-remand-renewal')).map((t) => t.taskId)).not.toContain(taskId);
    expect((await inbox('lahore-sho', '?offenceClass=murder')).map((t) => t.taskId)).not.toContain(taskId);
    // Paged: one task a page, and the cursor leads on; a cursor the server did not issue is a 400 naming it.
    const first = await call('lahore-sho', 'GET', '/tasks?limit=1');
    expect((first.body.tasks as unknown[]).length).toBe(1);
    const bad = await call('lahore-sho', 'GET', '/tasks?after=bm90LWEtY3Vyc29y');
    expect([bad.status, JSON.stringify(bad.body)]).toEqual([400, expect.stringContaining('after')]);
    // Overdue cases come from the read model, with as many breached clocks as the case's own view counts.
    const overdueNow = (await call('lahore-sho', 'GET', '/cases/:caseId', { caseId })).body.overdueClocks as number;
    expect(overdueNow).toBeGreaterThan(0);
    expect(((await call('lahore-sho', 'GET', '/cases?overdue=true')).body.cases as { caseId: string; overdueClocks: number }[]).find((c) => c.caseId === caseId)).toMatchObject({ overdueClocks: overdueNow });
    expect(((await call('lahore-sho', 'GET', '/cases?overdue=false')).body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
    for (const other of ['multan-sho', 'lahore-gulberg-sho', 'lahore-sdpo']) {
      expect((await inbox(other)).map((t) => t.taskId)).not.toContain(taskId);
    }

    const view = await call('lahore-sho', 'GET', '/cases/:caseId', { caseId });
    expect(view.status).toBe(200);
    expect(view.body.openTasks).toContainEqual(expect.objectContaining({ taskId, role: 'sho', cause: { kind: 'clock-breach', id: 'interim-report' } }));
    expect(JSON.stringify(view.body)).not.toMatch(/facts|parties/);
    expect((await call('multan-sho', 'GET', '/cases/:caseId', { caseId })).status).toBe(404);

    // Multan's SHO cannot act on it (404); the SDPO of Lahore sees it but it is not at their role (403).
    const key = { 'idempotency-key': `ack-${randomUUID()}` };
    expect((await call('multan-sho', 'POST', '/tasks/:taskId/acknowledge', { taskId }, {}, key)).status).toBe(404);
    expect((await call('lahore-sdpo', 'POST', '/tasks/:taskId/acknowledge', { taskId }, {}, key)).body.code).toBe('forbidden-role');
    const ack = await call('lahore-sho', 'POST', '/tasks/:taskId/acknowledge', { taskId }, {}, key);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ taskId, eventId: key['idempotency-key'], status: 'applied', task: { role: 'sho', status: 'acknowledged', slaDueAt: null } });
    // The same key again has no further effect.
    expect((await call('lahore-sho', 'POST', '/tasks/:taskId/acknowledge', { taskId }, {}, key)).body).toMatchObject({ status: 'duplicate' });
    const missingKey = await call('lahore-sho', 'POST', '/tasks/:taskId/acknowledge', { taskId }, {});
    expect(missingKey.status).toBe(400);
    // The inbox follows the case: acknowledged, it no longer shows a time to climb.
    let acked: { taskId: string; status: string; slaDueAt?: string | null }[] = [];
    for (let i = 0; i < 100 && !acked.some((t) => t.taskId === taskId && t.status === 'acknowledged'); i++) {
      acked = await inbox('lahore-sho');
      if (!acked.some((t) => t.taskId === taskId && t.status === 'acknowledged')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(acked.find((t) => t.taskId === taskId)).toMatchObject({ status: 'acknowledged', slaDueAt: null });

    // The listing finds the case through visibility, by station and stage.
    let listed: string[] = [];
    for (let i = 0; i < 50 && !listed.includes(caseId); i++) {
      listed = ((await call('lahore-sho', 'GET', '/cases?stage=investigation')).body.cases as { caseId: string }[]).map((c) => c.caseId);
      if (!listed.includes(caseId)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toContain(caseId);
    expect(((await call('multan-sho', 'GET', '/cases')).body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
    await terminateWhenIdle(suite.env(), caseId);
  });

  it('the Punjab PMIS feed runs the s.344 judicial-remand clock from prison facts; Sindh\u2019s CMMS cannot post a Punjab record', async () => {
    const firAt = Date.now() - 3 * DAY;
    const year = DateTime.fromMillis(firAt, { zone: 'Asia/Karachi' }).year;
    const fir = String(Math.floor(Math.random() * 1e6));
    const ref = { province: 'punjab' as const, district: 'lahore', policeStation: 'model-town', number: fir, year };
    const caseId = `case/punjab/lahore/model-town/${fir}-${year}`;
    expect((await call('lahore-sho', 'POST', '/cases', {}, { facts: { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: fir, year }, offence: { class: 'theft' } }, firAt: new Date(firAt).toISOString() })).status).toBe(201);

    const admittedAt = firAt + 2 * DAY;
    const records = [
      { recordId: `adm-${fir}`, movement: 'admission', occurredAt: new Date(admittedAt).toISOString(), fir: ref, warrant: 'judicial-remand', arrestedAt: new Date(firAt + DAY).toISOString() },
      { recordId: `tr-${fir}`, movement: 'transfer', occurredAt: new Date(admittedAt + 3600_000).toISOString(), fir: ref, transferTo: 'prison' },
    ];
    const posted = await call('punjab-pmis', 'POST', '/intake/pmis', {}, { records });
    expect(posted.status).toBe(200);
    expect((posted.body.results as { result: string; eventId?: string }[]).map((r) => [r.result, r.eventId])).toEqual([
      ['applied', `pmis:adm-${fir}:arrest`],
      ['applied', `pmis:adm-${fir}`],
      ['ignored', undefined],
    ]);
    // A replayed feed is duplicates, nothing more.
    expect((await call('punjab-pmis', 'POST', '/intake/pmis', {}, { records })).body.counts).toEqual({ applied: 0, duplicate: 2, ignored: 1, rejected: 0 });

    const view = await call('lahore-sho', 'GET', '/cases/:caseId', { caseId });
    const clocks = view.body.clocks as { clockId: string; status: string; dueAt: string | null; citation: { section: string } }[];
    const remand = clocks.find((c) => c.clockId === 'judicial-remand-renewal');
    expect(remand).toMatchObject({ status: 'running', citation: { section: 's.344(1)' } });
    // Fifteen calendar days from the admission, the day of admission left out: due as the 15th day ends (PKT).
    const due = DateTime.fromMillis(admittedAt, { zone: 'Asia/Karachi' }).startOf('day').plus({ days: 16 });
    expect(remand!.dueAt).toBe(due.toUTC().toISO());
    expect(clocks.find((c) => c.clockId === 'statutory-bail-1y')).toMatchObject({ status: 'running', citation: { section: 's.497(1) third proviso (a)' } });

    // Released on bail: the custody clocks end.
    const release = [{ recordId: `rel-${fir}`, movement: 'bail', occurredAt: new Date(admittedAt + DAY).toISOString(), fir: ref }];
    expect((await call('punjab-pmis', 'POST', '/intake/pmis', {}, { records: release })).body.counts).toMatchObject({ applied: 1 });
    const after = (await call('lahore-sho', 'GET', '/cases/:caseId', { caseId })).body.clocks as { clockId: string; status: string }[];
    expect(after.filter((c) => c.clockId === 'judicial-remand-renewal' || c.clockId === 'statutory-bail-1y').map((c) => c.status)).toEqual(['cancelled', 'cancelled']);

    const cross = await call('sindh-cmms', 'POST', '/intake/cmms', {}, { records: [{ recordId: `x-${fir}`, code: 'HEARING', occurredAt: new Date().toISOString(), fir: ref }] });
    expect([cross.status, cross.body.code]).toEqual([403, 'forbidden-jurisdiction']);
    expect(JSON.stringify(cross.body)).not.toContain(fir);
    // A person does not post feeds.
    expect((await call('lahore-sho', 'POST', '/intake/pmis', {}, { records: release })).status).toBe(403);
    await terminateWhenIdle(suite.env(), caseId);
  });
});
