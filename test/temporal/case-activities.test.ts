// The case workflow's I/O goes through activities: every applied event reaches the case-event sink once, and
// every change of a supervisor's task reaches the notification outbox once — however often it is sent or retried.
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { openCaseWorkflow } from '../../client/open-case';
import { advanceToNowUpdate, caseEventUpdate } from '../../workflows/case-messages';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const DAY = 86_400_000;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
}

describe('case activities: the event sink and the notification outbox', () => {
  const suite = workerForSuite('timeSkipping', 'activities');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('an event sent twice is recorded once; a breach notifies the role on the ladder in the case jurisdiction, and its cure closes the task', async () => {
    const env = suite.env();
    const now = await env.currentTimeMs();
    const firAt = now - 20 * DAY; // the interim report (s.173) is overdue on arrival
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'gulberg', fir: { number: `a${now % 100000}`, year: 2026 }, offence: { class: 'theft' }, accused: { inCustody: true } } as const;
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue: suite.taskQueue });

    const arrest = { id: 'arrest-1', type: 'ACCUSED_ARRESTED', at: firAt + 3_600_000 };
    await handle.executeUpdate(caseEventUpdate, { args: [arrest] });
    await handle.executeUpdate(caseEventUpdate, { args: [arrest] });
    const view = await handle.executeUpdate(advanceToNowUpdate);
    const task = view.openEscalations.find((e) => e.cause.kind === 'clock-breach' && e.cause.clockId === 'interim-report')!;
    // The police ladder starts at the SHO; the time-skipping server may already have let it climb by now.
    expect(task).toMatchObject({ ladderId: 'police-investigation', status: 'open' });

    const events = await eventually(
      () => suite.activities.caseEvents.store.list(),
      (list) => list.some((e) => e.record.caseId === caseId && e.record.eventId === 'arrest-1'),
    );
    const mine = events.filter((e) => e.record.caseId === caseId);
    // Every applied event, the FIR registration included, is recorded once (the resent arrest is not).
    expect(mine.map((e) => e.record.eventId).sort()).toEqual(['arrest-1', 'fir']);
    expect(mine.find((e) => e.record.eventId === 'fir')!.record).toMatchObject({ type: 'FIR_REGISTERED', at: firAt, stageAfter: 'investigation' });
    expect(mine.find((e) => e.record.eventId === 'arrest-1')!.record).toMatchObject({ type: 'ACCUSED_ARRESTED', at: arrest.at, district: 'lahore', policeStation: 'gulberg', offenceClass: 'theft', sopHash: view.sop.hash });

    const opened = await eventually(
      () => suite.activities.notifications.store.list(),
      (list) => list.some((n) => n.record.caseId === caseId && n.record.kind === 'task-opened'),
    );
    const notice = opened.find((n) => n.record.caseId === caseId && n.record.kind === 'task-opened')!.record;
    expect(notice).toMatchObject({ to: { province: 'punjab', district: 'lahore', policeStation: 'gulberg' }, taskId: `${caseId}/task/${task.id}` });
    expect(notice.to.role).toBe(task.history[0]!.role);
    expect(notice.text).toMatch(/interim-report breached/);

    await handle.executeUpdate(caseEventUpdate, { args: [{ id: 'interim-1', type: 'INTERIM_CHALLAN_SUBMITTED' }] });
    const after = await eventually(
      () => suite.activities.notifications.store.list(),
      (list) => list.some((n) => n.record.caseId === caseId && n.record.taskId === notice.taskId && n.record.kind === 'task-closed'),
    );
    const kinds = after.filter((n) => n.record.taskId === notice.taskId).map((n) => n.record.kind);
    expect(kinds.filter((k) => k === 'task-opened' || k === 'task-closed').sort()).toEqual(['task-closed', 'task-opened']);
    // A step's records are written from the workflow task after its own (StepLanes), so a moment after the reply.
    const recorded = await eventually(
      () => suite.activities.caseEvents.store.list(),
      (list) => list.some((e) => e.record.caseId === caseId && e.record.eventId === 'interim-1'),
    );
    expect(recorded.filter((e) => e.record.caseId === caseId).map((e) => e.record.eventId).sort()).toEqual(['arrest-1', 'fir', 'interim-1']);
    await terminateWhenIdle(env, caseId);
  });
});
