// `sopflow case …` and `sopflow tasks …` as a user runs them: the real CLI in a child process against the run's
// dev server, with a worker in this process on the suite's task queue.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openTasksQuery } from '../../client/task-query';
import { freePort } from '../../local-temporal/free-port';
import { SA } from '../../workflows/search-attributes';
import { workerForSuite } from '../support/temporal';
import { testPayloadKeyring } from '../support/test-payload-key';

const root = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the worker answering the CLI runs on this process's event loop. */
function sopflow(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/sopflow.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const json = <T>(r: Run): T => JSON.parse(r.stdout) as T;
const oneLine = (text: string): string[] => text.split('\n').filter((l) => l !== '');

describe('sopflow case and sopflow tasks against a Temporal server', () => {
  const suite = workerForSuite('dev', 'case-cli');
  // The CLI reads its server, task queue and payload key from the environment, as in production.
  const cliEnv = (): Record<string, string> => ({
    TEMPORAL_ADDRESS: inject('devServerAddress'),
    SOPFLOW_TASK_QUEUE: suite.taskQueue,
    SOPFLOW_PAYLOAD_KEY: Buffer.from(testPayloadKeyring.current.key).toString('base64'),
    SOPFLOW_PAYLOAD_KEY_ID: testPayloadKeyring.current.id,
  });
  const cli = (...args: string[]): Promise<Run> => sopflow(cliEnv(), ...args);
  // Unique police stations per run (districts are the pack's): the dev server is shared by the whole test run.
  const run = randomUUID().slice(0, 8);
  // FIR numbers run per calendar year in Asia/Karachi (UTC+5): the year of an FIR registered at `ms`.
  const yearAt = (ms: number): number => new Date(ms + 5 * 3_600_000).getUTCFullYear();
  const year = yearAt(Date.now());

  it('opens a case once per FIR, applies an event once per id, refuses an event out of stage, and shows the case', { timeout: 180_000 }, async () => {
    const open = ['case', 'open', '--province', 'punjab', '--district', 'Lahore', '--police-station', `Model Town ${run}`, '--fir', `7/${year}`, '--offence', 'theft'];
    const first = await cli(...open, '--sections', '379,34', '--json');
    expect(first.code).toBe(0);
    const opened = json<{ caseId: string; status: string; sop: { province: string; version: string } }>(first);
    const caseId = `case/punjab/lahore/model-town-${run}/7-${year}`;
    expect(opened).toMatchObject({ caseId, status: 'opened', sop: { province: 'punjab', version: '2026.1' } });

    const again = await cli(...open);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(caseId);

    // No --event-id: the CLI makes one up and prints it, so the user can resend the event safely.
    const arrest = await cli('case', 'event', caseId, 'ACCUSED_ARRESTED');
    expect(arrest.code).toBe(0);
    expect(arrest.stdout).toMatch(/^applied ACCUSED_ARRESTED to /);
    const eventId = /event id: (\S+)/.exec(arrest.stdout)?.[1];
    expect(eventId).toMatch(/^cli-/);
    const resent = await cli('case', 'event', caseId, 'ACCUSED_ARRESTED', '--event-id', eventId!, '--json');
    expect(json(resent)).toMatchObject({ caseId, eventId, eventIdGenerated: false, type: 'ACCUSED_ARRESTED', status: 'duplicate', stage: 'investigation' });

    const wrong = await cli('case', 'event', caseId, 'SCRUTINY_COMPLETED', '--event-id', 'scrutiny-1');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(oneLine(wrong.stderr)).toHaveLength(1);
    expect(wrong.stderr).toMatch(/^sopflow: SCRUTINY_COMPLETED is not allowed in stage "investigation"; allowed now: /);

    const show = await cli('case', 'show', caseId, '--json');
    expect(show.code).toBe(0);
    const view = json<{
      caseId: string;
      sop: { province: string; version: string };
      stage: { id: string };
      clocks: { clockId: string; status: string; dueAt: number | null; remainingMs: number | null; ledger: { lines: string[] } }[];
      allowedEvents: string[];
      timeline: { kind: string; text: string }[];
    }>(show);
    expect(view).toMatchObject({ caseId, sop: { province: 'punjab', version: '2026.1' }, stage: { id: 'investigation' } });
    expect(view.clocks.map((c) => c.clockId)).toEqual(expect.arrayContaining(['investigation', 'interim-report', 'production-before-magistrate']));
    const production = view.clocks.find((c) => c.clockId === 'production-before-magistrate')!;
    expect(production).toMatchObject({ status: 'running' });
    expect(production.remainingMs).toBeGreaterThan(23 * 3_600_000);
    expect(production.ledger.lines).toContain('period: 24 hours of running time; paused time does not count');
    expect(view.allowedEvents).toEqual(expect.arrayContaining(['INTERIM_CHALLAN_SUBMITTED', 'FINAL_CHALLAN_SUBMITTED', 'ESCALATION_ACKNOWLEDGED']));
    expect(view.allowedEvents).not.toContain('SCRUTINY_COMPLETED');
    expect(view.timeline.filter((t) => t.kind === 'event').map((t) => t.text)).toEqual(['FIR registered (s.154 CrPC)', 'Accused arrested']);

    const text = await cli('case', 'show', caseId);
    expect(text.stdout).toMatch(/stage: Investigation \(investigation\)/);
    expect(text.stdout).toMatch(/events allowed now: .*INTERIM_CHALLAN_SUBMITTED/);

    await suite.env().client.workflow.getHandle(caseId).terminate('test finished');
  });

  it('case migrate previews a new SOP version, refuses --apply without the preview digest, and applies it with the digest', { timeout: 180_000 }, async () => {
    // Fixed days, not today: scrutiny's 3 days (2026.1) and 5 days (2026.2) on the office calendar can roll forward to
    // the same working day (entered on a Wednesday, both land on Monday), and then the preview rightly shows no clock
    // change. Entered on Monday 2 November 2026, 3 days end Thursday 5th and 5 days Tuesday 10th (the 7th and 8th
    // are a weekend, the 9th Iqbal Day).
    const open = await cli('case', 'open', '--province', 'punjab', '--district', 'Multan', '--police-station', `Cantt ${run}`, '--fir', '8/2026', '--offence', 'theft', '--at', '2026-11-02T09:00', '--json');
    expect(open.code, open.stderr).toBe(0);
    const { caseId } = json<{ caseId: string }>(open);
    const facts = JSON.stringify({ challan: { documents: ['fir_copy', 'statements_161', 'list_of_witnesses', 'site_plan', 'recovery_memo'] } });
    expect((await cli('case', 'event', caseId, 'FINAL_CHALLAN_SUBMITTED', '--facts', facts, '--event-id', 'challan', '--at', '2026-11-02T10:00')).code).toBe(0);

    const proposal = 'sop-definitions/punjab/punjab-2026.2-proposal.yaml';
    const preview = await cli('case', 'migrate', caseId, '--sop', proposal, '--json');
    expect(preview.code).toBe(0);
    type Run = { status: string; dueAt: number | null } | null;
    const shown = json<{ applied: boolean; applicable: boolean; digest: string; to: { version: string }; clocks: { clockId: string; before: Run; after: Run }[] }>(preview);
    expect(shown).toMatchObject({ applied: false, applicable: true, to: { version: '2026.2' } });
    const scrutiny = shown.clocks.find((c) => c.clockId === 'scrutiny-return');
    expect(scrutiny?.after?.dueAt).toBeGreaterThan(scrutiny?.before?.dueAt ?? Infinity);

    const incomplete = await cli('case', 'migrate', caseId, '--sop', proposal, '--apply');
    expect(incomplete.code).toBe(1);
    expect(oneLine(incomplete.stderr)).toEqual(['sopflow: --apply: needs --digest (from the preview), --by and --reason']);

    const applied = await cli('case', 'migrate', caseId, '--sop', proposal, '--apply', '--digest', shown.digest, '--by', 'policy-cell', '--reason', 'notified 2026.2', '--json');
    expect(applied.code).toBe(0);
    expect(json(applied)).toMatchObject({ applied: true, digest: shown.digest });
    const view = json<{ sop: { version: string }; timeline: { text: string }[] }>(await cli('case', 'show', caseId, '--json'));
    expect(view.sop.version).toBe('2026.2');
    expect(view.timeline.some((t) => /SOP migrated from 2026\.1 to 2026\.2 by policy-cell: notified 2026\.2/.test(t.text))).toBe(true);
    await suite.env().client.workflow.getHandle(caseId).terminate('test finished');
  });

  it('lists a district’s breached tasks for its supervisor only; acknowledging and resolving change the task', { timeout: 240_000 }, async () => {
    const env = suite.env();
    const [districtA, districtB] = ['sheikhupura', 'kasur'];
    const station = `city-${run}`;
    // FIRs registered 25 days ago, accused in custody, no interim report: the 17-day interim-report clock has
    // breached whatever closed days it rolled over; how far the task has climbed since depends on the calendar.
    const firMs = Date.now() - 25 * DAY;
    const firAt = new Date(firMs).toISOString();
    const caseOf = (district: string): string => `case/punjab/${district}/${station}/9-${yearAt(firMs)}`;
    for (const district of [districtA, districtB]) {
      const r = await cli('case', 'open', '--province', 'punjab', '--district', district, '--police-station', station, '--fir', `9/${yearAt(firMs)}`, '--offence', 'theft', '--in-custody', '--at', firAt);
      expect(r.code, r.stderr).toBe(0);
    }
    const show = json<{ openEscalations: { id: string; role: string; level: number; status: string }[] }>(await cli('case', 'show', caseOf(districtA), '--json'));
    const breach = show.openEscalations.find((e) => e.id.startsWith('breach:interim-report'));
    expect(breach).toBeDefined();
    const { id: escalationId, role } = breach!;
    const taskA = `${caseOf(districtA)}/task/${escalationId}`;
    const taskB = `${caseOf(districtB)}/task/${escalationId}`;

    // Visibility is eventually consistent: wait until both tasks are listed before asking the CLI.
    const listed = async (district: string, status?: string): Promise<string[]> => {
      const ids: string[] = [];
      for await (const wf of env.client.workflow.list({ query: openTasksQuery({ province: 'punjab', district, policeStation: station, role }) })) {
        if (!status || wf.typedSearchAttributes.get(SA.taskStatus) === status) ids.push(wf.workflowId);
      }
      return ids;
    };
    const eventually = async (check: () => Promise<boolean>): Promise<void> => {
      for (let i = 0; i < 150 && !(await check()); i++) await new Promise((r) => setTimeout(r, 200));
    };
    await eventually(async () => (await listed(districtA)).includes(taskA) && (await listed(districtB)).includes(taskB));

    const list = await cli('tasks', 'list', '--province', 'punjab', '--district', districtA, '--police-station', station, '--role', role, '--json');
    expect(list.code, list.stderr).toBe(0);
    const tasks = json<{ scope: unknown; tasks: { taskId: string; caseId: string; district: string; role: string; level: number; status: string }[] }>(list);
    expect(tasks.scope).toEqual({ province: 'punjab', district: districtA, policeStation: station, role });
    expect(tasks.tasks.filter((t) => t.taskId.includes('interim-report'))).toEqual([expect.objectContaining({ taskId: taskA, caseId: caseOf(districtA), district: districtA, role, status: 'open' })]);

    const badScope = await cli('tasks', 'list', '--province', 'punjab', '--district', `${districtA}' OR SopflowDistrict != '`, '--role', role);
    expect(badScope.code).toBe(1);
    expect(oneLine(badScope.stderr)).toEqual([expect.stringMatching(/--district: must be letters, digits/)]);

    // The IO is the ladder's first level; a breach of this clock starts above it.
    const notHers = await cli('tasks', 'ack', taskA, '--role', 'io');
    expect(notHers.code).toBe(1);
    expect(oneLine(notHers.stderr)).toEqual([`sopflow: escalation ${escalationId} is with ${role}, not io`]);

    const ack = await cli('tasks', 'ack', taskA, '--role', role, '--json');
    expect(ack.code, ack.stderr).toBe(0);
    expect(json(ack)).toMatchObject({ taskId: taskA, type: 'ESCALATION_ACKNOWLEDGED', status: 'applied', escalation: { id: escalationId, role, status: 'acknowledged', slaDueAt: null } });
    await eventually(async () => (await listed(districtA, 'acknowledged')).includes(taskA));
    expect(await listed(districtA, 'acknowledged')).toEqual([taskA]);

    const resolve = await cli('tasks', 'resolve', taskA, '--role', role, '--directive', 'Submit the interim report today', '--json');
    expect(resolve.code, resolve.stderr).toBe(0);
    expect(json(resolve)).toMatchObject({ type: 'ESCALATION_RESOLVED', status: 'applied', escalation: { status: 'resolved' } });
    await eventually(async () => !(await listed(districtA)).includes(taskA));
    const after = json<{ tasks: { taskId: string }[] }>(await cli('tasks', 'list', '--province', 'punjab', '--district', districtA, '--police-station', station, '--role', role, '--json'));
    expect(after.tasks.map((t) => t.taskId)).not.toContain(taskA);
    expect((await env.client.workflow.getHandle(taskA).describe()).status.name).toBe('COMPLETED');

    // District B's task was untouched, and can be handed up the ladder.
    expect(await listed(districtB, 'open')).toContain(taskB);
    const reassign = await cli('tasks', 'reassign', taskB, '--role', role, '--to-role', 'dpo', '--json');
    expect(reassign.code, reassign.stderr).toBe(0);
    expect(json(reassign)).toMatchObject({ type: 'ESCALATION_REASSIGNED', escalation: { role: 'dpo', status: 'open' } });

    for (const district of [districtA, districtB]) await env.client.workflow.getHandle(caseOf(district)).terminate('test finished');
    await env.client.workflow.getHandle(taskB).terminate('test finished');
  });

  it('extends the breached clock behind a task when the SOP gives the role that power, which closes the task', { timeout: 180_000 }, async () => {
    // Challan returned for defects 10 days ago with the SOP's default 7 days to cure: the cure clock has breached.
    const ago = (days: number): string => new Date(Date.now() - days * DAY).toISOString();
    const firYear = yearAt(Date.now() - 30 * DAY);
    const caseId = `case/punjab/okara/city-${run}/3-${firYear}`;
    const opened = await cli('case', 'open', '--province', 'punjab', '--district', 'okara', '--police-station', `city-${run}`, '--fir', `3/${firYear}`, '--offence', 'theft', '--at', ago(30));
    expect(opened.stdout.trim(), opened.stderr).toBe(caseId);
    expect((await cli('case', 'event', caseId, 'FINAL_CHALLAN_SUBMITTED', '--at', ago(25), '--event-id', 'challan-1')).code).toBe(0);
    const returned = json<{ stage: string }>(await cli('case', 'event', caseId, 'SCRUTINY_COMPLETED', '--at', ago(10), '--event-id', 'scrutiny-1', '--json'));
    expect(returned.stage).toBe('returned_for_defects');
    const taskId = `${caseId}/task/breach:defect-cure#1`;

    const sho = await cli('tasks', 'extend', taskId, '--role', 'sho', '--days', '7');
    expect(sho.code).toBe(1);
    expect(oneLine(sho.stderr)).toEqual(['sopflow: sho may not extend "defect-cure"; the SOP allows: ddpp, dpp']);
    const granted = await cli('tasks', 'extend', taskId, '--role', 'ddpp', '--days', '7', '--json');
    expect(granted.code, granted.stderr).toBe(0);
    expect(json(granted)).toMatchObject({ type: 'CLOCK_EXTENDED', status: 'applied', escalation: { id: 'breach:defect-cure#1', status: 'closed' } });

    const view = json<{ clocks: { clockId: string; status: string; extensions: { amount: number; grantedBy: string }[]; remainingMs: number }[] }>(
      await cli('case', 'show', caseId, '--json'),
    );
    const cure = view.clocks.find((c) => c.clockId === 'defect-cure')!;
    expect(cure).toMatchObject({ status: 'running', extensions: [{ amount: 7, grantedBy: 'ddpp' }] });
    expect(cure.remainingMs).toBeGreaterThan(0);
    await suite.env().client.workflow.getHandle(caseId).terminate('test finished');
  });

  it('fails in one line when the case does not exist or the server cannot be reached', { timeout: 60_000 }, async () => {
    const missing = await cli('case', 'show', `case/punjab/nowhere-${run}/city/1-2026`, '--json');
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toEqual([expect.stringMatching(/^sopflow: no running case "case\/punjab\/nowhere-.*" in namespace "default"/)]);
    expect(json(missing)).toMatchObject({ error: { code: 'not-found' } });

    const closedPort = await freePort();
    const down = await sopflow({ ...cliEnv(), TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` }, 'tasks', 'list', '--province', 'punjab', '--district', 'lahore', '--role', 'sho');
    expect(down.code).toBe(1);
    expect(oneLine(down.stderr)).toEqual([expect.stringMatching(/^sopflow: cannot reach Temporal at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)]);
  });
});
