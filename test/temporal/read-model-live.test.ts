// The read model written live by real cases on Temporal (dev server, PGlite): a burst of cases and supervisor
// actions (tasks opened and climbed by overdue clocks, acknowledged, reassigned, resolved), back-dated events
// that re-compute a case (a breach undone, a stage entered and then undone), a projection activity that fails
// after writing (so Temporal retries it) and a case that continues as new. Then the read model's inbox equals
// what the cases and their task workflows say, and a rebuild from the cases' histories equals it row for row.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type ProjectionBatch } from '../../activities/index';
import { readModelInbox } from '../../api/tasks/read-model-tasks-port';
import { caseProjectionBatches, listCaseIds } from '../../client/case-projections';
import { sendCaseEvent } from '../../client/case-events';
import { caseView } from '../../client/case-view';
import { actOnTask } from '../../client/tasks';
import { casesByOverdue } from '../../projection/case-list';
import { inboxPage } from '../../projection/inbox';
import { openReadModel, type ReadModelDb } from '../../projection/read-model';
import { rebuildFromCases } from '../../projection/rebuild';
import { contentHash } from '../../rules/compiler/content-hash';
import { loadBundleFile } from '../../sources/load-sources';
import { caseWorkflowId, taskWorkflowId } from '../../workflows/case-identity';
import { taskQuery } from '../../workflows/case-messages';
import { caseWorkflow } from '../../workflows/case-workflow';
import { dumpReadModel } from '../support/read-models';
import { temporaryActivityDependencies, uniqueTaskQueue, environmentForSuite } from '../support/temporal';
import { testDataConverter, testPayloadKeyring } from '../support/test-payload-key';

const DAY = 86_400_000;

interface TaskLine {
  taskId: string;
  role: string;
  level: number;
  status: string;
  slaDueAt: number | null;
}

const byId = (a: TaskLine, b: TaskLine): number => (a.taskId < b.taskId ? -1 : 1);

describe('the read model, written live by real cases', () => {
  const env = environmentForSuite('dev');
  const taskQueue = uniqueTaskQueue('read-model-live');
  // Unique districts: the dev server is shared by the whole test run.
  const run = randomUUID().slice(0, 8);
  const districts = [`lahore-${run}`, `multan-${run}`];
  let db: ReadModelDb;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const calls = new Map<string, number>();
  let failedOnce = '';

  /** Counts each batch's attempts; the first of the first district's fails after it was written. */
  const injectLossOnce = (batch: ProjectionBatch): void => {
    const key = `${batch.identity.caseId} ${batch.effects[0]?.id ?? ''}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
    if (!failedOnce && batch.identity.district === districts[0]) {
      failedOnce = key;
      throw new Error('injected: the worker was lost after the projection committed');
    }
  };

  beforeAll(async () => {
    db = await openReadModel({ kind: 'pglite', dir: null });
    const activities = createActivities({ ...temporaryActivityDependencies(), readModel: db });
    worker = await Worker.create({
      connection: env().nativeConnection,
      namespace: 'default',
      taskQueue,
      dataConverter: testDataConverter,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: {
        ...activities,
        // The first batch of the first case is written, then its worker "dies" before answering: Temporal
        // retries the activity, and the retry must find every effect already there.
        async projectCaseEffects(batch: ProjectionBatch): Promise<number> {
          const n = await activities.projectCaseEffects(batch);
          injectLossOnce(batch);
          return n;
        },
        // Runs since patch 'local-projection' project each step in this local activity; Temporal retries it too.
        async recordCaseStep(step: Parameters<typeof activities.recordCaseStep>[0]) {
          const done = await activities.recordCaseStep(step);
          if (step.batch) injectLossOnce(step.batch);
          return done;
        },
      },
    });
    running = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await db?.destroy();
  });

  it('after a burst of events the inbox equals the cases, and a rebuild from their histories equals the live model', { timeout: 420_000 }, async () => {
    const client = env().client;
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const sop = { hash: contentHash(bundle), bundle };
    // FIRs whose interim-report clock ran out days ago: its task has opened, and climbed the older the FIR.
    const ages = [18, 22, 26, 30, 19, 25];
    const cases = ages.map((age, i) => {
      const district = districts[i % 2]!;
      const fir = String(100 + i);
      const caseId = caseWorkflowId({ province: 'punjab', district, policeStation: 'city', firNumber: fir, year: 2026 });
      return { caseId, district, fir, firAt: Date.now() - age * DAY };
    });
    for (const [i, c] of cases.entries()) {
      await client.workflow.start(caseWorkflow, {
        taskQueue,
        workflowId: c.caseId,
        args: [
          {
            caseId: c.caseId,
            sop,
            firAt: c.firAt,
            facts: { province: 'punjab', district: c.district, policeStation: 'city', fir: { number: c.fir, year: 2026 }, offence: { class: i % 3 === 0 ? 'murder' : 'theft' } },
            // One case continues as new after a few steps: a rebuild must follow it across its runs.
            ...(i === 3 ? { limits: { continueAsNewBytes: 15_000 } } : {}),
          },
        ],
      });
    }
    // On a loaded machine a case's first workflow task can outlast its timeout, and an update sent meanwhile is
    // refused (FAILED_PRECONDITION) until the retried task completes: ask again.
    const viewOf = async (caseId: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await caseView(client, caseId);
        } catch (err) {
          if (attempt >= 60 || !String((err as { cause?: unknown }).cause ?? err).includes('FAILED_PRECONDITION')) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    const views = async () => Promise.all(cases.map((c) => viewOf(c.caseId)));
    const opened = await views();
    expect(opened.every((v) => v.openEscalations.length >= 1)).toBe(true);
    expect(new Set(opened.map((v) => v.openEscalations[0]!.level)).size).toBeGreaterThan(1); // some climbed

    const task = (i: number) => {
      const e = opened[i]!.openEscalations[0]!;
      return { taskId: taskWorkflowId(cases[i]!.caseId, e.id), role: e.role };
    };
    await actOnTask(client, { action: 'ack', ...task(0), eventId: `ack-${run}` });
    await actOnTask(client, { action: 'resolve', ...task(1), directive: 'file the interim report today', eventId: `resolve-${run}` });
    const toRole = task(2).role === 'sdpo' ? 'sho' : 'sdpo';
    await actOnTask(client, { action: 'reassign', ...task(2), toRole, eventId: `reassign-${run}` });
    // Back-dated: the interim report was in fact submitted on day 10, so the clock never ran out and no task should exist.
    await sendCaseEvent(client, cases[4]!.caseId, { id: `interim-${run}`, type: 'INTERIM_CHALLAN_SUBMITTED', at: cases[4]!.firAt + 10 * DAY });
    // Back-dated twice: a cancellation report on day 12 (a stage entered), then its rejection on day 13 (undone).
    await sendCaseEvent(client, cases[5]!.caseId, { id: `cancel-${run}`, type: 'CANCELLATION_REPORT_SUBMITTED', at: cases[5]!.firAt + 12 * DAY });
    await sendCaseEvent(client, cases[5]!.caseId, { id: `reject-${run}`, type: 'CANCELLATION_REJECTED', at: cases[5]!.firAt + 13 * DAY });
    // Enough steps for the small continue-as-new threshold to be crossed.
    for (let k = 0; k < 6; k++) await sendCaseEvent(client, cases[3]!.caseId, { id: `absconded-${run}-${k}`, type: k % 2 ? 'STAY_VACATED' : 'STAY_ORDERED', at: Date.now() });

    // Temporal's word: each case's live escalations, and the task workflows mirroring them.
    const truth = async (): Promise<{ tasks: TaskLine[]; stages: Record<string, string> }> => {
      const after = await views();
      const tasks = after.flatMap((v, i) =>
        v.openEscalations.map((e) => ({ taskId: taskWorkflowId(cases[i]!.caseId, e.id), role: e.role, level: e.level, status: e.status, slaDueAt: e.status === 'open' ? e.slaDueAt : null })),
      );
      return { tasks: tasks.sort(byId), stages: Object.fromEntries(after.map((v, i) => [cases[i]!.caseId, v.stage.id])) };
    };
    const readModel = async (): Promise<{ tasks: TaskLine[]; stages: Record<string, string> }> => {
      const tasks: TaskLine[] = [];
      for (const district of districts) {
        let after: string | undefined;
        // Pages of two, following the cursor: the order is stable and nothing repeats or goes missing.
        for (;;) {
          const page = await inboxPage(db, { province: 'punjab', district }, {}, { limit: 2, ...(after ? { after } : {}) });
          tasks.push(...page.items.map((t) => ({ taskId: taskWorkflowId(t.caseId, t.escalationId), role: t.role, level: t.level, status: t.status, slaDueAt: t.status === 'open' ? t.slaDueAt : null })));
          if (!page.next) break;
          after = page.next;
        }
      }
      const rows = await db.selectFrom('cases').select(['case_id', 'stage']).execute();
      return { tasks: tasks.sort(byId), stages: Object.fromEntries(rows.map((r) => [r.case_id, r.stage ?? ''])) };
    };
    let want = await truth();
    let got = await readModel();
    for (let i = 0; i < 150 && JSON.stringify(got) !== JSON.stringify(want); i++) {
      await new Promise((r) => setTimeout(r, 200));
      [want, got] = [await truth(), await readModel()];
    }
    expect(got).toEqual(want);
    // The burst did what it says: acknowledged, reassigned, resolved and withdrawn tasks; stages re-computed.
    expect(want.tasks.find((t) => t.taskId === task(0).taskId)).toMatchObject({ status: 'acknowledged', slaDueAt: null });
    expect(want.tasks.find((t) => t.taskId === task(2).taskId)).toMatchObject({ role: toRole });
    expect(want.tasks.some((t) => t.taskId === task(1).taskId)).toBe(false);
    expect(want.tasks.some((t) => t.taskId.startsWith(cases[4]!.caseId))).toBe(false);
    expect(want.stages[cases[4]!.caseId]).toBe('interim_report_filed');
    expect(want.stages[cases[5]!.caseId]).toBe('investigation');
    const escalations = await db.selectFrom('escalations').select(['case_id', 'status', 'closed_at']).execute();
    expect(escalations.filter((e) => e.case_id === cases[1]!.caseId)).toMatchObject([{ status: 'resolved' }]);
    expect(escalations.filter((e) => e.case_id === cases[4]!.caseId).map((e) => e.status)).toEqual(['withdrawn']);
    // The breach the back-dated report undid is gone from its clock run too.
    const clock = await db.selectFrom('clock_runs').selectAll().where('case_id', '=', cases[4]!.caseId).where('clock_id', '=', 'interim-report').executeTakeFirstOrThrow();
    expect({ status: clock.status, breached: clock.breached_at, verdict: clock.verdict }).toEqual({ status: 'met', breached: null, verdict: 'met' });

    // The inbox as the API serves it: scoped in SQL, by role, filtered, soonest SLA first.
    const sho = await readModelInbox(db, { scope: { province: 'punjab', district: districts[0]! }, roles: ['sho', 'sdpo', 'io', 'sp_investigation', 'dpo'], filter: { limit: 100 } });
    expect(sho.tasks.every((t) => t.jurisdiction.district === districts[0])).toBe(true);
    const dues = sho.tasks.map((t) => (t.slaDueAt === null ? Infinity : Date.parse(t.slaDueAt)));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const murder = await readModelInbox(db, { scope: { province: 'punjab', district: districts[0]! }, roles: ['sho', 'sdpo', 'io', 'sp_investigation', 'dpo'], filter: { limit: 100, offenceClass: 'murder' } });
    expect(murder.tasks.length).toBeGreaterThan(0);
    expect(murder.tasks.every((t) => t.offenceClass === 'murder')).toBe(true);
    // A district role with no district names nothing (never the whole province).
    expect((await readModelInbox(db, { scope: { province: 'punjab' }, roles: ['sho'], filter: { limit: 100 } })).tasks).toEqual([]);
    // The task workflows mirror the same escalations.
    for (const t of want.tasks) {
      const snapshot = await client.workflow.getHandle(t.taskId).query(taskQuery);
      expect({ role: snapshot.escalation.role, level: snapshot.escalation.level, status: snapshot.escalation.status }).toEqual({ role: t.role, level: t.level, status: t.status });
    }
    // The overdue listing from the read model: the cases whose clock stands breached now.
    const overdue = await casesByOverdue(db, { province: 'punjab', district: districts[0]! }, { overdue: true, limit: 100 });
    const viewsNow = await views();
    expect(overdue.map((r) => r.caseId)).toEqual(
      cases
        .filter((c, i) => c.district === districts[0] && viewsNow[i]!.clocks.some((k) => k.status === 'breached'))
        .map((c) => c.caseId)
        .sort(),
    );

    // The retried activity ran twice and wrote once; the continued case has more than one run.
    expect(calls.get(failedOnce)).toBeGreaterThanOrEqual(2);
    const continued = await client.workflow.getHandle(cases[3]!.caseId).describe();
    expect(continued.runId).not.toBe(continued.raw.workflowExecutionInfo?.firstRunId);

    // Visibility lists the cases; a rebuild from their histories into a fresh read model equals the live one.
    const listed = new Set(await listCaseIds(client));
    for (const c of cases) expect(listed.has(c.caseId)).toBe(true);
    // Rebuilt in place (the cases are idle): emptied, then every batch read back from the histories.
    const live = await dumpReadModel(db);
    const caseIds = cases.map((c) => c.caseId);
    let batches = 0;
    for await (const _ of caseProjectionBatches(client, { caseIds })) batches++;
    const result = await rebuildFromCases(db, client, { caseIds });
    expect(result.batches).toBe(batches);
    expect(await dumpReadModel(db)).toEqual(live);

    // `sopflow kpi rebuild`, as an operator runs it: its own process, the embedded read model of its data dir.
    const dataDir = fs.mkdtempSync(path.join(inject('testRunDir'), 'kpi-rebuild-'));
    const cliEnv: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: inject('devServerAddress'),
      SOPFLOW_DATA_DIR: dataDir,
      SOPFLOW_PAYLOAD_KEY: Buffer.from(testPayloadKeyring.current.key).toString('base64'),
      SOPFLOW_PAYLOAD_KEY_ID: testPayloadKeyring.current.id,
    };
    delete cliEnv.DATABASE_URL;
    const cli = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['bin/sopflow.mjs', 'kpi', 'rebuild', '--json', '--case', ...cases.map((c) => c.caseId)], { cwd: path.resolve(import.meta.dirname, '../..'), env: cliEnv, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ batches: expect.any(Number) as number });
    const fromCli = await openReadModel({ kind: 'pglite', dir: path.join(dataDir, 'read-model') });
    try {
      expect(await dumpReadModel(fromCli)).toEqual(await dumpReadModel(db));
    } finally {
      await fromCli.destroy();
    }
    for (const c of cases) await client.workflow.getHandle(c.caseId).terminate('test finished');
  });
});
