// `sopflow backup` / `sopflow restore` on the embedded default: cases with running timers on the real stack
// (dev server on SQLite, worker and API as processes), a backup of the stopped data directory, a restore onto a
// fresh one and the stack started there on other ports: the cases, the SHO's tasks and the KPIs are what they
// were, and a clock that was running at the backup still fires on time, after the restore.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessStack } from '../../chaos/stack';
import { createTemporalClient } from '../../client/temporal-client';
import { loadEnvironment } from '../../config/environment';
import { freePort } from '../../local-temporal/free-port';
import { liveKpis } from '../../projection/live-kpis';
import { fileCaseEventSink } from '../../activities/case-event-sink';
import { projectEffects } from '../../projection/project-effects';
import { openReadModel, readModelLocation } from '../../projection/read-model';
import { SYNTHETIC_SOP, syntheticBatches, syntheticIdentity } from '../../projection/synthetic-effects';
import { authorizationCodeToken, clientCredentialsToken, localProviderFlow } from '../api/oidc-tokens';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROOT = path.resolve(__dirname, '../..');

/** `sopflow <args>` as a person runs it, on a data directory. */
function sopflow(dataDir: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, SOPFLOW_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/sopflow.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function ports(): Promise<{ dev: number; api: number; oidc: number }> {
  return { dev: await freePort(), api: await freePort(), oidc: await freePort() };
}

describe('sopflow backup and restore', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-backup-test-'));
  const original = path.join(work, 'data');
  const backup = path.join(work, 'backup');
  const restored = path.join(work, 'restored');
  const stacks: ProcessStack[] = [];
  afterAll(async () => {
    for (const s of stacks) await s.stopAll().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function signIn(stack: ProcessStack): Promise<{ system: string; sho: string }> {
    return {
      system: await clientCredentialsToken(`${stack.issuer}/token`, 'punjab-cfms', 'local-only-punjab-cfms', { scope: 'api' }),
      sho: await authorizationCodeToken(localProviderFlow(stack.issuer, `${stack.apiUrl}/docs/oauth2-redirect.html`), 'lahore-sho', 'local-only-demo'),
    };
  }

  async function call(stack: ProcessStack, token: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${stack.apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A case as a person reads it, without what moves with the reading time. */
  async function caseSnapshot(stack: ProcessStack, token: string, caseId: string): Promise<unknown> {
    const { asOf: _asOf, clocks, ...rest } = await call(stack, token, 'GET', `/cases/${encodeURIComponent(caseId)}`);
    // The ledger's last line says what day it is now ("now … day 10 of 14"): it moves with the reading time too.
    const withoutNow = (ledger: unknown): unknown => {
      if (!ledger || typeof ledger !== 'object' || !('lines' in ledger)) return ledger;
      const { lines, ...l } = ledger as { lines: string[] };
      return { ...l, lines: lines.filter((line) => !line.startsWith('now ')) };
    };
    return { ...rest, clocks: (clocks as Record<string, unknown>[]).map(({ remainingMs: _r, ledger, ...c }) => ({ ...c, ledger: withoutNow(ledger) })) };
  }

  async function inbox(stack: ProcessStack, token: string, query = ''): Promise<{ taskId: string }[]> {
    return (await call(stack, token, 'GET', `/tasks?limit=500${query}`)).tasks as { taskId: string }[];
  }

  async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what}: not seen in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function kpis(dataDir: string): Promise<unknown> {
    const db = await openReadModel(readModelLocation(dataDir, {}));
    try {
      return await liveKpis(db);
    } finally {
      await db.destroy();
    }
  }

  it('brings back the cases, tasks and KPIs, and a running clock still fires after the restore', { timeout: 420_000 }, async () => {
    const before = new ProcessStack({ dataDir: original, ports: await ports() });
    stacks.push(before);
    await before.startAll();
    const tokens = await signIn(before);
    const year = DateTime.now().setZone('Asia/Karachi').year;
    const open = async (fir: string, firAt: number): Promise<string> => {
      const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: fir, year }, offence: { class: 'theft' } };
      return (await call(before, tokens.system, 'POST', '/cases', { facts, firAt: new Date(firAt).toISOString() })).caseId as string;
    };
    // FIR 10 days ago with no interim report: the 17-day s.173 clock runs (due in a week). FIR 20 days ago: it
    // is breached and the SHO has a task. An arrest back-dated so that its 24-hour s.61 clock falls due after
    // the restore: the timer the restored stack must fire.
    const running = await open('710001', Date.now() - 10 * DAY);
    const breached = await open('710002', Date.now() - 20 * DAY);
    const arrested = await open('710003', Date.now() - 2 * DAY);
    const dueAt = Date.now() + 140_000;
    await call(before, tokens.system, 'POST', `/cases/${encodeURIComponent(arrested)}/events`, { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: new Date(dueAt - DAY).toISOString(), facts: { accused: { inCustody: true } } });
    const breachTask = `${breached}/task/breach:interim-report#1`;
    await until('the breach task in the SHO\u2019s inbox', () => inbox(before, tokens.sho), (ts) => ts.some((t) => t.taskId === breachTask));

    // A case's step records reach the read model from its flush timer's task (up to 2 s after the step: case-workflow.ts,
    // STEP_FLUSH_MS), in one local activity that writes the event records, then projects. A backup taken before that
    // leaves them held in the workflows, which deliver them after the restore, so the KPIs compared below would
    // differ by what was on its way: wait until the event sink has the four events (each case's FIR and the arrest),
    // then a moment for the projection the same activity runs after them.
    const sink = fileCaseEventSink(path.join(original, 'case-events')).store;
    const mine = new Set([running, breached, arrested]);
    await until('the four events in the case-event sink', async () => (await sink.list()).filter((e) => mine.has(e.record.caseId)).length, (n) => n >= 4);
    await new Promise((r) => setTimeout(r, 1_000));

    const cases = [running, breached, arrested];
    const casesBefore = await Promise.all(cases.map((c) => caseSnapshot(before, tokens.sho, c)));
    const tasksBefore = await inbox(before, tokens.sho);
    const arrestedClock = (casesBefore[2] as { clocks: { clockId: string; status: string }[] }).clocks.find((c) => c.clockId === 'production-before-magistrate');
    expect(arrestedClock?.status).toBe('running');

    // A backup of a running server's SQLite file is refused: the copy would not be consistent.
    const refused = sopflow(original, 'backup', backup);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/dev server of .* is running/);
    await before.stopAll();

    // The read model's KPIs (projected here from synthetic effects while the projection is not yet in the worker).
    const db = await openReadModel(readModelLocation(original, {}));
    for (let i = 0; i < 12; i++) for (const batch of syntheticBatches(i)) await projectEffects(db, syntheticIdentity(i), SYNTHETIC_SOP, batch);
    await db.destroy();
    const kpisBefore = await kpis(original);
    expect((kpisBefore as unknown[]).length).toBeGreaterThan(0);

    const saved = sopflow(original, 'backup', backup, '--json');
    expect(saved.status, saved.stderr).toBe(0);
    const manifest = JSON.parse(saved.stdout) as { readModel: string; payloadKey: string; files: { path: string; part: string; sha256: string }[] };
    expect(manifest).toMatchObject({ readModel: 'pglite', payloadKey: 'file' });
    expect(manifest.files.map((f) => f.part)).toEqual(expect.arrayContaining(['temporal', 'payload-key', 'read-model', 'data']));
    expect(manifest.files.find((f) => f.path === 'payload-key.json')?.sha256).toMatch(/^[0-9a-f]{64}$/);

    // A damaged backup is refused before anything is written, naming the file.
    const damaged = path.join(work, 'damaged');
    fs.cpSync(backup, damaged, { recursive: true });
    fs.appendFileSync(path.join(damaged, 'temporal.sqlite'), 'x');
    const refusedRestore = sopflow(path.join(work, 'never'), 'restore', damaged);
    expect(refusedRestore.status).toBe(1);
    expect(refusedRestore.stderr).toContain('temporal.sqlite: does not match its hash');
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);

    const put = sopflow(restored, 'restore', backup);
    expect(put.status, put.stderr).toBe(0);
    // Nothing of the original is needed any more.
    fs.rmSync(original, { recursive: true, force: true });

    const after = new ProcessStack({ dataDir: restored, ports: await ports() });
    stacks.push(after);
    await after.startAll();
    const upAt = Date.now();
    const tokensAfter = await signIn(after);
    expect(upAt, 'the restored stack started after the clock fell due: make the due time later').toBeLessThan(dueAt);
    expect(await Promise.all(cases.map((c) => caseSnapshot(after, tokensAfter.sho, c)))).toEqual(casesBefore);
    expect(await inbox(after, tokensAfter.sho)).toEqual(tasksBefore);
    expect(await kpis(restored)).toEqual(kpisBefore);

    // The clock that was running at the backup fires on the restored server: its task opens on time, found
    // through the inbox (a case view would record the breach itself).
    const productionTask = `${arrested}/task/breach:production-before-magistrate#1`;
    await until('the s.61 breach task', () => inbox(after, tokensAfter.sho, '&breachedClock=production-before-magistrate'), (ts) => ts.some((t) => t.taskId === productionTask), dueAt - Date.now() + 60_000);
    const env = loadEnvironment({ SOPFLOW_DATA_DIR: restored, SOPFLOW_DEV_PORT: String(after.ports.dev) });
    const temporal = await createTemporalClient(env);
    try {
      const opened = (await temporal.client.workflow.getHandle(productionTask).describe()).startTime.getTime();
      expect(opened - dueAt).toBeLessThan(1_000);
      expect(opened).toBeGreaterThanOrEqual(dueAt);
    } finally {
      await temporal.close();
    }
    await after.stopAll();
  });
});
