// Hostile callers, on every operation the OpenAPI document lists (so a route added later is covered without
// editing this file): forged, expired, unsigned (`alg: none`), wrong-issuer and wrong-audience tokens; callers of
// another station, district or province holding the ids of cases, tasks and jobs that are not theirs (IDOR);
// bodies over the limit and nested a hundred thousand deep; CRLF in headers, parameters and queries. Each gets the
// right refusal as a problem document, leaves one audit entry, and changes nothing (the ports' records and the
// SOP catalogue are compared before and after). Webhook signature replays and SOP pack uploads close the file.
import net from 'node:net';
import fs from 'node:fs';
import { UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature, WebhookReplayGuard } from '../../activities/webhook-sender';
import type { SimulationJobsPort } from '../../api/simulations/simulation-jobs-port';
import { PayloadEncryptionCodec } from '../../security/payload-encryption-codec';
import { apiHarness, PEOPLE, sopCatalogue, TASKS, type Claims, type Harness } from '../api/api-harness';
import { nested } from '../support/hostile-requests';
import { testPayloadKeyring } from '../support/test-payload-key';

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
}

const LAHORE_CASE = 'case/punjab/lahore/model-town/101-2026';
const PUNJAB_JOB = '5f0c4a52-3a4e-4d8a-9b43-2f7f3f0c1a11';
const SINDH_ANALYST: Claims = { sub: 'u-sindh-analyst', roles: ['policy_analyst'], province: 'sindh' };
const PUNJAB_ANALYST: Claims = { sub: 'u-punjab-analyst', roles: ['policy_analyst'], province: 'punjab' };

/**
 * For each kind of id a path can carry: a resource of Lahore Model Town (or Punjab) that exists, one that does not,
 * and callers who may not see it. A route with an id kind not listed here fails the test until it is added.
 */
const ID_KINDS: Record<string, { foreign: Record<string, string>; missing: Record<string, string>; strangers: Claims[] }> = {
  caseId: {
    foreign: { caseId: LAHORE_CASE },
    missing: { caseId: 'case/punjab/lahore/model-town/999-2026' },
    strangers: [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho, PEOPLE.sindhCmms, { sub: 'u-multan-dpo', roles: ['dpo'], province: 'punjab', district: 'multan' }],
  },
  taskId: {
    foreign: { taskId: TASKS[0]!.taskId },
    missing: { taskId: `${LAHORE_CASE}/task/breach:nothing#1` },
    strangers: [PEOPLE.gulbergSho, PEOPLE.multanSho, PEOPLE.karachiSho],
  },
  jobId: { foreign: { jobId: PUNJAB_JOB }, missing: { jobId: '0b8e7a3c-1d2e-4f5a-8b6c-7d8e9f0a1b2c' }, strangers: [SINDH_ANALYST] },
  // A proposal is another province's draft: to anyone but its SOP staff it is as absent as a version never made.
  province: { foreign: { province: 'punjab', version: '2026.2' }, missing: { province: 'punjab', version: '2031.1' }, strangers: [PEOPLE.sindhAuthor, PEOPLE.lahoreSho] },
};
/** Parameters that travel with an id kind above (a pack's version goes with its province). */
const COMPANION_PARAMS = new Set(['version']);
/** A province alone names public law (its adopted packs, readable by anyone signed in): no resource to hide. */
const publicLaw = (op: Operation): boolean => op.pathParams.includes('province') && !op.pathParams.includes('version');

/** Bodies and headers that pass validation, so a request reaches the jurisdiction check; other routes get `{}`. */
const SAMPLES: Record<string, { body?: unknown; headers?: Record<string, string>; query?: string }> = {
  'POST /cases/{caseId}/events': { body: { id: 'hostile-1', type: 'HEARING_HELD' } },
  'POST /cases/{caseId}/migration/preview': { body: { version: '2026.2' } },
  'POST /cases/{caseId}/migration/apply': { body: { version: '2026.2', digest: `sha256:${'0'.repeat(64)}`, reason: 'hostile' } },
  'POST /tasks/{taskId}/acknowledge': { body: {}, headers: { 'idempotency-key': 'hostile-1' } },
  'POST /tasks/{taskId}/resolve': { body: { directive: 'close it' }, headers: { 'idempotency-key': 'hostile-2' } },
  'POST /tasks/{taskId}/reassign': { body: { toRole: 'sdpo' }, headers: { 'idempotency-key': 'hostile-3' } },
  'POST /tasks/{taskId}/extend': { body: { days: 3 }, headers: { 'idempotency-key': 'hostile-4' } },
  'GET /sop-packs/{province}/diff': { query: '?from=2026.1&to=2026.2' },
};

let h: Harness;
let operations: Operation[];
const simulationStarts: unknown[] = [];

const fakeJobs: SimulationJobsPort = {
  start: (input) => {
    simulationStarts.push(input);
    return Promise.resolve({ jobId: PUNJAB_JOB });
  },
  // As the Temporal port: a job is looked up under the caller's province, and ids name their province.
  get: (province, jobId) =>
    Promise.resolve(province === 'punjab' && jobId === PUNJAB_JOB ? { jobId, province: 'punjab', status: 'completed' as const, progress: null, startedAt: null, closedAt: null, failure: null } : undefined),
  report: () => Promise.resolve(undefined),
};

beforeAll(async () => {
  h = await apiHarness({
    // The ports ignore scope: the API alone must keep other jurisdictions out.
    ignoreScope: true,
    bodyLimit: 64 * 1024,
    deps: {
      codec: { codec: new PayloadEncryptionCodec(testPayloadKeyring) },
      webhooks: { receivers: [{ id: 'punjab-cfms', province: 'punjab', url: 'https://cfms.example/hooks', secret: 's'.repeat(40) }], deadLetters: () => Promise.resolve([]) },
      simulations: { jobs: fakeJobs, catalogue: sopCatalogue() },
    },
  });
  const doc = (await h.app.inject('/openapi.json')).json<{
    paths: Record<string, Record<string, { security?: unknown[]; parameters?: { in: string; name: string }[]; requestBody?: unknown }>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: p,
      secured: (op.security ?? []).length > 0,
      pathParams: (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name),
      queryParams: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
      hasBody: op.requestBody !== undefined,
    })),
  );
});
afterAll(() => h.close());

/** Everything a request could have changed. */
const state = (): string => JSON.stringify({ sent: h.cases.sent, acted: h.tasks.acted, simulationStarts, packs: sopCatalogue().list('punjab').map((p) => p.version) });
const auditLines = (): { subject: string; status: number; action: string; outcome: string }[] =>
  fs.existsSync(h.audit.file) ? fs.readFileSync(h.audit.file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { subject: string; status: number; action: string; outcome: string }) : [];

const urlOf = (op: Operation, params: Record<string, string>, query = ''): string => op.path.replace(/\{([A-Za-z]+)\}/g, (_m, k: string) => encodeURIComponent(params[k] ?? 'x')) + query;

interface Answer {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

async function send(op: Operation, params: Record<string, string>, authorization: string | undefined, override: { payload?: string; query?: string } = {}): Promise<Answer> {
  const sample = SAMPLES[`${op.method} ${op.path}`] ?? {};
  const withBody = op.method !== 'GET' && op.method !== 'HEAD';
  const res = await h.app.inject({
    method: op.method as 'GET',
    url: urlOf(op, params, override.query ?? sample.query ?? ''),
    headers: { ...(authorization ? { authorization } : {}), ...(withBody ? { 'content-type': 'application/json' } : {}), ...sample.headers },
    ...(withBody ? { payload: override.payload ?? JSON.stringify(sample.body ?? {}) } : {}),
  });
  let body: Record<string, unknown> = {};
  try {
    body = res.json();
  } catch {
    body = { unparsed: res.body.slice(0, 200) };
  }
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body, headers: res.headers };
}

/** A refused request: a 4xx problem document, one new audit entry with that status, and nothing changed. */
async function expectRefused(what: string, request: () => Promise<Answer>, subject: string): Promise<Answer> {
  const before = state();
  const audited = auditLines().length;
  const answer = await request();
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.contentType, what).toMatch(/^application\/problem\+json/);
  expect(answer.body.status, what).toBe(answer.status);
  expect(state(), `${what} changed something`).toBe(before);
  const added = auditLines().slice(audited);
  expect(added.map((e) => [e.subject, e.status]), `${what} was not audited once`).toEqual([[subject, answer.status]]);
  return answer;
}

const paramsFor = (op: Operation): Record<string, string> => Object.fromEntries(op.pathParams.map((p) => [p, ID_KINDS[p]?.foreign[p] ?? ID_KINDS.province!.foreign[p] ?? 'x']));

describe('bad tokens on every operation: 401, audited, nothing done', () => {
  const tokens: [string, () => Promise<string>, string][] = [
    ['forged (signed with another key)', () => h.token(PEOPLE.punjabPg, { key: h.foreignKey }), 'token-invalid'],
    ['expired', () => h.token(PEOPLE.punjabPg, { expiresIn: '-1m' }), 'token-expired'],
    ['alg none', () => Promise.resolve(new UnsecuredJWT({ ...PEOPLE.punjabPg }).setIssuer('https://issuer.test').setAudience('sopflow-api').setExpirationTime('5m').encode()), 'token-invalid'],
    ['from another issuer', () => h.token(PEOPLE.punjabPg, { issuer: 'https://evil.test' }), 'token-invalid'],
    ['for another audience', () => h.token(PEOPLE.punjabPg, { audience: 'another-api' }), 'token-invalid'],
  ];
  it('every secured operation refuses each of them before looking anything up', async () => {
    const secured = operations.filter((o) => o.secured);
    expect(secured.length).toBeGreaterThan(20);
    for (const op of secured) {
      for (const [what, token, code] of tokens) {
        const answer = await expectRefused(`${op.method} ${op.path} with a token ${what}`, async () => send(op, paramsFor(op), `Bearer ${await token()}`), 'anonymous');
        expect([answer.status, answer.body.code], `${op.method} ${op.path} ${what}`).toEqual([401, code]);
        expect(JSON.stringify(answer.body)).not.toMatch(/lahore|model-town|101-2026/);
      }
    }
  });
  it('every operation but the public ones is secured in the document', () => {
    const open = operations.filter((o) => !o.secured).map((o) => `${o.method} ${o.path}`);
    expect(open).toEqual(['GET /health']);
  });
});

describe('another jurisdiction\u2019s ids on every operation that takes one (IDOR)', () => {
  it('get the same refusal as an id that does not exist, are audited, and change nothing', async () => {
    const withIds = operations.filter((o) => o.secured && o.pathParams.length > 0 && !publicLaw(o));
    expect(withIds.length).toBeGreaterThan(10);
    let probes = 0;
    for (const op of withIds) {
      const kinds = op.pathParams.filter((p) => !COMPANION_PARAMS.has(p));
      for (const kind of kinds) {
        const ids = ID_KINDS[kind];
        expect(ids, `${op.method} ${op.path}: add "${kind}" to ID_KINDS (a foreign id, a missing id and callers who may not see it)`).toBeDefined();
        for (const stranger of ids!.strangers) {
          const bearer = `Bearer ${await h.token(stranger)}`;
          const label = `${op.method} ${op.path} as ${stranger.sub}`;
          const foreign = await expectRefused(`${label}, foreign id`, () => send(op, { ...paramsFor(op), ...ids!.foreign }, bearer), stranger.sub!);
          const missing = await expectRefused(`${label}, missing id`, () => send(op, { ...paramsFor(op), ...ids!.missing }, bearer), stranger.sub!);
          // The caller learns nothing: existence does not change the answer (only the echoed id may differ).
          const shape = (a: Answer): unknown => [a.status, a.body.code, JSON.stringify(a.body.fields ?? null)];
          expect(shape(foreign), label).toEqual(shape(missing));
          expect(JSON.stringify(foreign.body), label).not.toMatch(/investigation|sho|trial|overdue|slaDueAt|completed/);
          probes++;
        }
      }
    }
    expect(probes).toBeGreaterThan(30);
  });

  it('a known operation refuses a stranger with 404, not a 400 that stops before the check', async () => {
    const expectations: [string, Claims][] = [
      ['GET /cases/{caseId}', PEOPLE.karachiSho],
      ['POST /cases/{caseId}/events', PEOPLE.multanSho],
      ['POST /cases/{caseId}/migration/apply', { sub: 'u-multan-dpo', roles: ['dpo'], province: 'punjab', district: 'multan' }],
      ['POST /tasks/{taskId}/resolve', PEOPLE.gulbergSho],
      ['GET /simulations/{jobId}/report.json', SINDH_ANALYST],
    ];
    for (const [key, who] of expectations) {
      const op = operations.find((o) => `${o.method} ${o.path}` === key)!;
      expect((await send(op, paramsFor(op), `Bearer ${await h.token(who)}`)).status, key).toBe(404);
    }
    // The same requests by the resource's own people are not refused: the 404s above are the jurisdiction check.
    const own = operations.find((o) => `${o.method} ${o.path}` === 'GET /simulations/{jobId}')!;
    expect((await send(own, paramsFor(own), `Bearer ${await h.token(PUNJAB_ANALYST)}`)).status).toBe(200);
  });

  it('listings filtered by another jurisdiction return nothing of it', async () => {
    const listings = operations.filter((o) => o.secured && o.method === 'GET' && o.pathParams.length === 0);
    const foreignIds = [/multan/, /sindh/, /gulberg/];
    for (const op of listings) {
      const query = ['province=sindh', 'district=multan', 'policeStation=gulberg'].filter((q) => op.queryParams.includes(q.split('=')[0]!));
      for (const q of ['', ...query.map((x) => `?${x}`)]) {
        const answer = await send(op, {}, `Bearer ${await h.token(PEOPLE.lahoreSho)}`, { query: q });
        for (const re of foreignIds) expect(JSON.stringify(answer.body), `${op.path}${q}`).not.toMatch(re);
      }
    }
  });
});

describe('oversized and deeply nested bodies', () => {
  it('a body over the limit is a 413 on every operation that takes one', async () => {
    const bodies = operations.filter((o) => o.secured && o.hasBody);
    expect(bodies.length).toBeGreaterThan(8);
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    for (const op of bodies) {
      const bearer = `Bearer ${await h.token(PEOPLE.punjabPg)}`;
      const answer = await expectRefused(`${op.method} ${op.path} oversized`, () => send(op, paramsFor(op), bearer, { payload: big }), PEOPLE.punjabPg.sub);
      expect([answer.status, answer.body.code]).toEqual([413, 'body-too-large']);
    }
  });

  it('a body nested 100,000 deep is a 400 problem, not a crash, on every operation that takes one', async () => {
    const deepArray = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const deepObject = JSON.stringify({ id: 'deep', type: 'HEARING_HELD', facts: nested(3_000, 1, false), directive: nested(3_000, 'x', true) });
    for (const op of operations.filter((o) => o.secured && o.hasBody)) {
      for (const payload of [deepArray, deepObject]) {
        const before = state();
        const answer = await send(op, paramsFor(op), `Bearer ${await h.token(PEOPLE.lahoreSho)}`, { payload });
        expect(answer.status, `${op.method} ${op.path}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${op.method} ${op.path}`).toBeLessThan(500);
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(state()).toBe(before);
      }
    }
  });
});

describe('header injection', () => {
  let base = '';
  beforeAll(async () => {
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });

  /** One raw HTTP/1.1 request, bytes as given (fetch refuses to send CR or LF in a header). */
  const raw = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const { port } = new URL(base);
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(text));
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });

  it('CR or LF smuggled into a header value is refused with a problem document and never reaches a route', async () => {
    const token = await h.token(PEOPLE.lahoreSho);
    const before = state();
    for (const smuggled of [`hostile-1\rSet-Cookie: sid=stolen`, `hostile-1\nX-Injected: 1`, 'hostile\u0000x']) {
      const answer = await raw(
        `POST /tasks/${encodeURIComponent(TASKS[0]!.taskId)}/acknowledge HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nIdempotency-Key: ${smuggled}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(head).not.toMatch(/set-cookie|x-injected/i);
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body ?? '{}')).toMatchObject({ status: 400, code: 'bad-request' });
    }
    expect(state()).toBe(before);
  });

  it('CRLF percent-encoded in a path or query parameter is data: no header is split, the request is refused', async () => {
    const token = await h.token(PEOPLE.lahoreSho);
    for (const url of [
      `/cases/${encodeURIComponent('case/punjab/lahore/model-town/101-2026\r\nSet-Cookie: sid=stolen')}`,
      '/cases/case%0d%0aX-Injected:%201',
      '/tasks?breachedClock=a%0d%0aX-Injected:%201',
      '/audit?caseId=%0d%0aX-Injected:%201',
      '/cases/%E0%A4%A',
    ]) {
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      expect(res.headers.get('content-type'), url).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('x-injected'), url).toBeNull();
      expect(res.headers.get('set-cookie'), url).toBeNull();
      expect(await res.text(), url).not.toMatch(/\r\n/);
    }
  });
});

describe('webhook signature replays', () => {
  const secret = 'a-receiver-secret-of-at-least-32-chars';
  const body = JSON.stringify({ id: 'n-1', kind: 'task-opened' });

  it('a receiver with the replay guard takes a signed delivery once; the captured request sent again is refused', () => {
    const guard = new WebhookReplayGuard();
    const t = 1_780_000_000;
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 1, replays: guard })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 2, replays: guard })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 299, replays: guard })).toEqual({ ok: false, reason: 'replayed' });
    // Outside the window the timestamp refuses it, whatever the guard forgot.
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: t + 301, replays: guard })).toEqual({ ok: false, reason: 'stale' });
    // The sender's retry of the same notification is signed afresh, so it is not a replay.
    expect(verifyWebhookSignature({ secret, header: signWebhook(secret, t + 5, body), body, nowSeconds: t + 6, replays: guard })).toEqual({ ok: true });
  });

  it('a forged signature is refused as a mismatch and is not remembered (it cannot block the real one)', () => {
    const guard = new WebhookReplayGuard();
    const t = 1_780_000_000;
    const real = signWebhook(secret, t, body);
    const forged = signWebhook(`${secret}-guess`, t, body);
    expect(verifyWebhookSignature({ secret, header: forged, body, nowSeconds: t, replays: guard })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret, header: real.replace(/.$/, (c) => (c === '0' ? '1' : '0')), body, nowSeconds: t, replays: guard })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret, header: real, body, nowSeconds: t, replays: guard })).toEqual({ ok: true });
  });
});

describe('SOP packs uploaded by a non-author', () => {
  it('the API takes no pack uploads from anyone: every write to /sop-packs is refused, audited, and the catalogue is unchanged', async () => {
    // Packs are adopted through the repository (sop-definitions/, reviewed and validated by `sopflow validate`),
    // not over HTTP. Should an upload route be added, the IDOR and token tests above cover it from the document.
    const pack = fs.readFileSync(new URL('../../sop-definitions/punjab/punjab-2026.1.yaml', import.meta.url), 'utf8').slice(0, 2000);
    for (const who of [PEOPLE.lahoreSho, PEOPLE.punjabAuditor, PEOPLE.sindhAuthor, PEOPLE.punjabAuthor]) {
      for (const [method, url] of [
        ['POST', '/sop-packs/punjab'],
        ['PUT', '/sop-packs/punjab/2026.3'],
        ['POST', '/sop-packs/punjab/2026.2'],
        ['DELETE', '/sop-packs/punjab/2026.1'],
      ] as const) {
        const res = await expectRefused(
          `${who.sub} ${method} ${url}`,
          async () => {
            const r = await h.app.inject({ method, url, headers: { authorization: `Bearer ${await h.token(who)}`, 'content-type': 'application/json' }, payload: JSON.stringify({ pack }) });
            return { status: r.statusCode, contentType: String(r.headers['content-type']), body: r.json(), headers: r.headers };
          },
          // An unrouted write is audited without a verified caller (no route ran to check the token).
          'anonymous',
        );
        expect(res.status, `${method} ${url}`).toBe(404);
      }
    }
    // The studio's two POSTs store nothing (a draft is checked in memory, scenarios run in the core); they are
    // for the province's own authors: anyone else is refused, audited, and nothing changes.
    const storeless = ['/sop-packs/{province}/check', '/sop-packs/{province}/{version}/scenario-runs'];
    expect(operations.filter((o) => o.path.startsWith('/sop-packs') && o.method !== 'GET' && !storeless.includes(o.path))).toEqual([]);
    for (const who of [PEOPLE.lahoreSho, PEOPLE.punjabAuditor, PEOPLE.sindhAuthor]) {
      for (const [url, payload] of [
        ['/sop-packs/punjab/check', { file: 'draft.yaml', text: pack }],
        ['/sop-packs/punjab/2026.1/scenario-runs', undefined],
      ] as const) {
        const res = await expectRefused(
          `${who.sub} POST ${url}`,
          async () => {
            const r = await h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await h.token(who)}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
            return { status: r.statusCode, contentType: String(r.headers['content-type']), body: r.json(), headers: r.headers };
          },
          who.sub,
        );
        expect(res.status, `${who.sub} POST ${url}`).toBe(403);
      }
    }
  });
});
