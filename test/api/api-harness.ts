// Test harness for the API: buildApi with a key set the test controls (so it can sign good, expired, foreign and
// unsigned tokens), a fake cases port of known cases, and an audit file in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { buildApi, type ApiDependencies } from '../../api/build-api';
import { JsonLinesAuditSink } from '../../api/audit/audit-sink';
import { inScope } from '../../api/auth/authorisation';
import type { Jurisdiction } from '../../api/auth/caller';
import { createTokenVerifier } from '../../api/auth/token-verifier';
import { CaseClientError, invalid } from '../../client/case-client-error';
import type { CaseDetail, CaseSummary, CasesPort, PortEvent } from '../../api/cases/cases-port';
import { caseOf } from '../../api/intake/intake-item';
import type { TasksPort, TaskView } from '../../api/tasks/tasks-port';
import { loadSopCatalogue, type SopCatalogue } from '../../api/sop-packs/sop-catalogue';

export const ISSUER = 'https://issuer.test';
export const AUDIENCE = 'sopflow-api';
const definitionsDir = fileURLToPath(new URL('../../sop-definitions/', import.meta.url));

let catalogue: SopCatalogue | undefined;
export const sopCatalogue = (): SopCatalogue => (catalogue ??= loadSopCatalogue(definitionsDir));

const summary = (caseId: string, jurisdiction: Jurisdiction, stage: string): CaseSummary => ({
  caseId,
  jurisdiction,
  offenceClass: 'ordinary',
  stage: { id: stage, label: stage },
  sop: { province: jurisdiction.province, version: '2026.1' },
  overdueClocks: stage === 'investigation' ? 1 : 0,
});

export const CASES: CaseSummary[] = [
  summary('case/punjab/lahore/model-town/101-2026', { province: 'punjab', district: 'lahore', policeStation: 'model-town' }, 'investigation'),
  summary('case/punjab/lahore/gulberg/7-2026', { province: 'punjab', district: 'lahore', policeStation: 'gulberg' }, 'trial'),
  summary('case/punjab/multan/cantt/55-2026', { province: 'punjab', district: 'multan', policeStation: 'cantt' }, 'investigation'),
  summary('case/sindh/karachi-south/clifton/9-2026', { province: 'sindh', district: 'karachi-south', policeStation: 'clifton' }, 'investigation'),
];

const detail = (c: CaseSummary): CaseDetail => ({
  ...c,
  asOf: '2026-03-01T00:00:00.000Z',
  clocks: [],
  openTasks: TASKS.filter((t) => t.caseId === c.caseId).map((t) => ({ taskId: t.taskId, role: t.role, level: t.level, status: t.status, slaDueAt: t.slaDueAt, cause: { kind: 'clock-breach' as const, id: t.breachedClock ?? '' },
    explanation: { rule: 'breach', summary: 'the clock ran out', citation: { law: 'CrPC', section: '173', verified: true }, sopHash: 'sha256:fixture', comparisons: [{ fact: 'accused.age', operator: 'lessThan', value: '18', factValue: '16', result: true }], factValuesWithheld: false } })),
  sopHash: 'sha256:fixture',
  gates: [],
  timeline: [],
  allowedEvents: ['FINAL_CHALLAN_SUBMITTED'],
});

const sameBody = (a: PortEvent, b: PortEvent): boolean => JSON.stringify({ ...a, at: undefined }) === JSON.stringify({ ...b, at: undefined }) && (b.at === undefined || a.at === b.at);

/**
 * An in-memory port that, like a careless backend, may ignore the scope for one listing: the API must still
 * filter. Events are idempotent by id (a reused id with another body is a duplicate-conflict), as client/ is.
 */
export function fakeCasesPort(options: { ignoreScope?: boolean } = {}): CasesPort & { sent: { caseId: string; event: PortEvent }[] } {
  const sent: { caseId: string; event: PortEvent }[] = [];
  const opened = new Set<string>();
  const find = (caseId: string): CaseSummary | undefined => CASES.find((c) => c.caseId === caseId);
  const plan = (body: { facts: Record<string, unknown> }): { caseId: string; jurisdiction: Jurisdiction; sop: { province: string; version: string } } => {
    const f = body.facts as { province?: string; district?: string; policeStation?: string; fir?: { number?: string; year?: number } };
    const target = caseOf({ province: f.province as Jurisdiction['province'], district: f.district ?? '', policeStation: f.policeStation ?? '', number: f.fir?.number ?? '', year: f.fir?.year ?? 0 });
    if (!target.ok) throw invalid(`facts.${target.field}`, target.message);
    return { caseId: target.caseId, jurisdiction: target.jurisdiction, sop: { province: target.jurisdiction.province, version: '2026.1' } };
  };
  return {
    sent,
    findCase: (caseId) => {
      const found = find(caseId);
      // A field outside the contract, as personal data might be: the response schema must strip it.
      return Promise.resolve(found ? ({ ...found, complainantName: 'Not For Export' } as CaseSummary) : undefined);
    },
    viewCase: (caseId) => {
      const found = find(caseId);
      return Promise.resolve(found ? ({ ...detail(found), complainantName: 'Not For Export' } as CaseDetail) : undefined);
    },
    listCases: (scope, filter) =>
      Promise.resolve(CASES.filter((c) => (options.ignoreScope || inScope(scope, c.jurisdiction)) && (!filter.stage || c.stage.id === filter.stage) && (filter.overdue === undefined || (c.overdueClocks > 0) === filter.overdue))),
    planOpening: plan,
    openCase: (body) => {
      const { caseId } = plan(body);
      const existing = opened.has(caseId) || find(caseId) !== undefined;
      opened.add(caseId);
      return Promise.resolve({ caseId, status: existing ? 'existing' : 'opened' });
    },
    sendEvent: (caseId, event) => {
      if (!find(caseId) && !opened.has(caseId)) return Promise.reject(new CaseClientError('not-found', `no running case "${caseId}"`));
      const before = sent.find((s) => s.caseId === caseId && s.event.id === event.id);
      if (before && !sameBody(before.event, event)) return Promise.reject(new CaseClientError('duplicate-conflict', `event id "${event.id}" was used before for another event`, 'id'));
      if (!before) sent.push({ caseId, event });
      return Promise.resolve({ eventId: event.id, status: before ? 'duplicate' : 'applied', stage: find(caseId)?.stage.id ?? 'investigation' });
    },
    previewMigration: (_caseId, version) =>
      Promise.resolve({
        from: { sopHash: 'sha256:a', version: '2026.1' },
        to: { sopHash: 'sha256:b', version },
        applicable: true,
        stage: { before: 'investigation', after: 'investigation' },
        clocks: [],
        gates: { added: [], removed: [], changed: [] },
        escalations: { opened: [], closed: [] },
        digest: `sha256:${'0'.repeat(64)}`,
      }),
    applyMigration: (caseId, version) => fakeCasesPort().previewMigration(caseId, version),
  };
}

const task = (caseId: string, role: string, level: number, slaDueAt: string | null, clock = 'interim-report'): TaskView => ({
  taskId: `${caseId}/task/breach:${clock}#1`,
  caseId,
  jurisdiction: CASES.find((c) => c.caseId === caseId)!.jurisdiction,
  role,
  level,
  status: slaDueAt ? 'open' : 'acknowledged',
  slaDueAt,
  breachedClock: clock,
});

export const TASKS: TaskView[] = [
  task('case/punjab/lahore/model-town/101-2026', 'sho', 1, '2026-03-02T00:00:00.000Z'),
  task('case/punjab/lahore/gulberg/7-2026', 'sho', 1, '2026-03-05T00:00:00.000Z', 'judicial-remand-renewal'),
  task('case/punjab/lahore/model-town/101-2026', 'ddpp', 1, null, 'scrutiny-return'),
  task('case/punjab/multan/cantt/55-2026', 'sho', 1, '2026-03-03T00:00:00.000Z'),
  task('case/sindh/karachi-south/clifton/9-2026', 'sho', 1, '2026-03-04T00:00:00.000Z'),
];

/** Tasks the port returns regardless of scope when `ignoreScope` is set: the API must filter. */
export function fakeTasksPort(options: { ignoreScope?: boolean } = {}): TasksPort & { acted: { taskId: string; eventId: string; role: string }[] } {
  const acted: { taskId: string; eventId: string; role: string }[] = [];
  return {
    acted,
    listTasks: (scope, role) => Promise.resolve(TASKS.filter((t) => (options.ignoreScope || (inScope(scope, t.jurisdiction) && t.role === role)))),
    findTask: (taskId) => Promise.resolve(TASKS.find((t) => t.taskId === taskId)),
    act: (input) => {
      const again = acted.some((a) => a.taskId === input.taskId && a.eventId === input.eventId);
      if (!again) acted.push({ taskId: input.taskId, eventId: input.eventId, role: input.role });
      const t = TASKS.find((x) => x.taskId === input.taskId)!;
      return Promise.resolve({ taskId: t.taskId, eventId: input.eventId, status: again ? 'duplicate' : 'applied', stage: 'investigation', task: { role: t.role, level: t.level, status: 'acknowledged', slaDueAt: null } });
    },
  };
}

export interface Claims {
  sub?: string;
  roles?: string[];
  province?: string;
  district?: string;
  police_station?: string;
  client_id?: string;
}

export interface Harness {
  app: Awaited<ReturnType<typeof buildApi>>;
  cases: ReturnType<typeof fakeCasesPort>;
  tasks: ReturnType<typeof fakeTasksPort>;
  audit: JsonLinesAuditSink;
  token(claims: Claims, options?: { expiresIn?: string; issuer?: string; audience?: string; key?: CryptoKey; alg?: string }): Promise<string>;
  foreignKey: CryptoKey;
  close(): Promise<void>;
}

export async function apiHarness(
  options: { ignoreScope?: boolean; rateLimit?: { max: number; timeWindowMs: number }; bodyLimit?: number; deps?: Partial<ApiDependencies> } = {},
): Promise<Harness> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const foreign = await generateKeyPair('ES256');
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-api-'));
  const audit = new JsonLinesAuditSink(path.join(dir, 'audit', 'audit.jsonl'));
  const cases = fakeCasesPort(options);
  const tasks = fakeTasksPort(options);
  const app = await buildApi({
    verifyToken: createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: jwks }),
    cases,
    tasks,
    audit,
    sopPacks: sopCatalogue(),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...options.deps,
  });
  await app.ready();
  return {
    app,
    cases,
    tasks,
    audit,
    foreignKey: foreign.privateKey,
    token: (claims, o = {}) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: o.alg ?? 'ES256', kid: 'k1' })
        .setIssuer(o.issuer ?? ISSUER)
        .setAudience(o.audience ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(o.expiresIn ?? '5m')
        .sign(o.key ?? privateKey),
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PEOPLE = {
  lahoreSho: { sub: 'u-lahore-sho', roles: ['sho'], province: 'punjab', district: 'lahore', police_station: 'model-town' },
  gulbergSho: { sub: 'u-gulberg-sho', roles: ['sho'], province: 'punjab', district: 'lahore', police_station: 'gulberg' },
  multanSho: { sub: 'u-multan-sho', roles: ['sho'], province: 'punjab', district: 'multan', police_station: 'cantt' },
  lahoreDdpp: { sub: 'u-lahore-ddpp', roles: ['ddpp'], province: 'punjab', district: 'lahore' },
  punjabPg: { sub: 'u-punjab-pg', roles: ['prosecutor_general'], province: 'punjab' },
  punjabAuthor: { sub: 'u-punjab-author', roles: ['sop_author'], province: 'punjab' },
  punjabAuditor: { sub: 'u-punjab-auditor', roles: ['auditor'], province: 'punjab' },
  sindhAuthor: { sub: 'u-sindh-author', roles: ['sop_author'], province: 'sindh' },
  karachiSho: { sub: 'u-karachi-sho', roles: ['sho'], province: 'sindh', district: 'karachi-south', police_station: 'clifton' },
  sindhCmms: { client_id: 'sindh-cmms', sub: 'sindh-cmms', roles: ['source_system'], province: 'sindh' },
  punjabCfms: { client_id: 'punjab-cfms', sub: 'punjab-cfms', roles: ['source_system'], province: 'punjab' },
  lahoreDpo: { sub: 'u-lahore-dpo', roles: ['dpo'], province: 'punjab', district: 'lahore' },
  lahoreIo: { sub: 'u-lahore-io', roles: ['io'], province: 'punjab', district: 'lahore', police_station: 'model-town' },
} satisfies Record<string, Claims>;
