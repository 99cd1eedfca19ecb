// A holiday notified while a case's working-day clock runs (time-skipping server): the deadline moves, and the
// task raised for the old deadline is withdrawn, naming the notification.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCase, prepareCase } from '../../rules/case-engine/index';
import { loadBundleFile, loadHolidayNotices } from '../../sources/load-sources';
import { openCaseWorkflow } from '../../client/open-case';
import { formatLocalDate } from '../../rules/legal-time/local-days';
import { advanceToNowUpdate, caseStateQuery, escalationQuery, notifyHolidayUpdate, taskQuery } from '../../workflows/case-messages';
import { taskWorkflowId } from '../../workflows/case-identity';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const HOUR = 3_600_000;

describe('a holiday notified while a case runs', () => {
  const suite = workerForSuite('timeSkipping', 'holiday-notified');
  const { taskQueue } = suite;
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('moves the interim-report deadline and withdraws the task raised for the old one; sending it again changes nothing', async () => {
    const env = suite.env();
    const firAt = await env.currentTimeMs();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: `h${firAt % 100000}`, year: 2026 }, offence: { class: 'theft' } } as const;
    const { handle, caseId } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue });
    const opened = await handle.executeUpdate(advanceToNowUpdate);
    const oldDue = opened.clocks.find((c) => c.clockId === 'interim-report')!.dueAt!;

    // The deadline passes: the clock breaches and the SHO's task starts.
    await env.sleep(oldDue - firAt + HOUR);
    const breached = await handle.executeUpdate(advanceToNowUpdate);
    expect(breached.clocks.find((c) => c.clockId === 'interim-report')!.status).toBe('breached');
    const escalation = breached.openEscalations.find((e) => e.cause.kind === 'clock-breach' && e.cause.clockId === 'interim-report')!;
    const task = env.client.workflow.getHandle(taskWorkflowId(caseId, escalation.id));
    expect((await task.query(taskQuery)).escalation.status).toBe('open');

    // The government notifies that the last day of the period was a holiday.
    const lastDay = formatLocalDate(oldDue - 1);
    const notification = { id: `test:${lastDay}`, province: 'punjab', dates: [lastDay], name: 'Public holiday (notified)', notifiedAt: oldDue + HOUR, notification: 'Cabinet Division No. test', appliesTo: [] };
    const reply = await handle.executeUpdate(notifyHolidayUpdate, { args: [notification] });
    expect(reply).toEqual({ status: 'applied', moved: expect.arrayContaining(['interim-report#1']) as string[] });
    const after = await handle.executeUpdate(advanceToNowUpdate);
    const clock = after.clocks.find((c) => c.clockId === 'interim-report')!;
    expect(clock.status).toBe('running');
    expect(clock.dueAt!).toBeGreaterThan(oldDue);
    expect(await handle.query(escalationQuery, escalation.id)).toMatchObject({ status: 'closed', closedReason: expect.stringContaining('Cabinet Division No. test') as string });
    await expect.poll(async () => (await task.query(taskQuery)).escalation.status, { timeout: 20_000 }).toBe('closed');

    await expect(handle.executeUpdate(notifyHolidayUpdate, { args: [notification] })).resolves.toEqual({ status: 'duplicate', moved: [] });
    await terminateWhenIdle(env, caseId);
  });

  it('a case opened after a notice was filed knows it from the FIR: the notices travel in the workflow input, loaded from the directory', async () => {
    const env = suite.env();
    const firAt = await env.currentTimeMs();
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: `n${firAt % 100000}`, year: 2026 }, offence: { class: 'theft' } } as const;
    // Where the deadline would fall without the notice (the pure core, same pack).
    const plain = await prepareCase(bundle, facts);
    const oldDue = (await openCase(plain.sop, plain.facts, firAt)).state.clocks.find((c) => c.clockId === 'interim-report')!.dueAt!;
    const lastDay = formatLocalDate(oldDue - 1);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-notices-'));
    fs.writeFileSync(
      path.join(dir, '2026-cabinet.yaml'),
      [
        'kind: holiday-notifications',
        'province: punjab',
        'notifications:',
        `  - { id: "test:filed:${lastDay}", dates: ["${lastDay}"], name: Public holiday (filed), notifiedAt: ${firAt - HOUR}, notification: Cabinet Division No. filed-test }`,
        // Not issued yet when the case opens: it reaches the case only when notified (calendar notify).
        `  - { id: "test:future", dates: ["${formatLocalDate(oldDue + 2 * 86_400_000)}"], name: Not yet notified, notifiedAt: ${firAt + 1000 * HOUR}, notification: Cabinet Division No. future }`,
        '',
      ].join('\n'),
    );
    const notices = loadHolidayNotices(dir);
    expect(notices.map((n) => n.id)).toEqual([`test:filed:${lastDay}`, 'test:future']);
    const { handle, caseId } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue, notifications: notices, now: firAt });
    const opened = await handle.executeUpdate(advanceToNowUpdate);
    const clock = opened.clocks.find((c) => c.clockId === 'interim-report')!;
    expect(clock.dueAt!).toBeGreaterThan(oldDue);
    expect(clock.ledger.lines.join('\n')).toContain('Cabinet Division No. filed-test');
    const state = await handle.query(caseStateQuery);
    expect(state.notifiedHolidays?.map((n) => n.id)).toEqual([`test:filed:${lastDay}`]);

    // Past the old deadline the clock still runs; the notice sent again (calendar notify) is a duplicate.
    await env.sleep(oldDue - firAt + HOUR);
    const later = await handle.executeUpdate(advanceToNowUpdate);
    expect(later.clocks.find((c) => c.clockId === 'interim-report')!.status).toBe('running');
    expect(later.openEscalations).toEqual([]);
    await expect(handle.executeUpdate(notifyHolidayUpdate, { args: [notices[0]!] })).resolves.toEqual({ status: 'duplicate', moved: [] });
    await terminateWhenIdle(env, caseId);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
