// Runs since patch 'steps-on-flush-timer': a step's records (event sink, read-model batch) leave the case from the
// flush timer's workflow task, folded, never from an Update's own task (there a local activity cost the Update a
// second activation and its reply the activity's time); a shipped SOP is read from the bundle, with no local
// activity at the run's start. Every record still arrives, once.
import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { openCaseWorkflow } from '../../client/open-case';
import { loadBundleFile } from '../../sources/load-sources';
import { caseEventUpdate } from '../../workflows/case-messages';
import { terminateWhenIdle, workerForSuite } from '../support/temporal';

const { EventType } = temporal.api.enums.v1;
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The events each workflow task's completion wrote (its commands and Update replies), task by task. */
function tasksOf(events: HistoryEvent[]): HistoryEvent[][] {
  const tasks: HistoryEvent[][] = [];
  let current: HistoryEvent[] | undefined;
  for (const e of events) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) tasks.push((current = []));
    else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) current = undefined;
    else current?.push(e);
  }
  return tasks;
}

const isLocalActivity = (e: HistoryEvent): boolean => e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
}

describe('a busy case’s step records', () => {
  const suite = workerForSuite('timeSkipping', 'step-flush');
  const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

  it('leave from flush-timer tasks, folded, none from an Update’s task, and all arrive once', async () => {
    const env = suite.env();
    const now = await env.currentTimeMs();
    const firAt = now - 2 * 3_600_000;
    const facts = { province: 'punjab', district: 'lahore', policeStation: 'gulberg', fir: { number: `f${now % 100000}`, year: 2026 }, offence: { class: 'theft' }, accused: { inCustody: false } } as const;
    const { caseId, handle } = await openCaseWorkflow(env.client, { bundle, facts, firAt, taskQueue: suite.taskQueue });
    const sent = ['ACCUSED_ARRESTED', 'PRODUCED_BEFORE_MAGISTRATE', 'PHYSICAL_REMAND_ORDERED', 'JUDICIAL_REMAND_ORDERED'].map((type, i) => ({ id: `e${i + 1}`, type }));
    // Back to back, as a busy source system sends them: each Update waits for its reply before the next goes.
    for (const event of sent) expect((await handle.executeUpdate(caseEventUpdate, { args: [event] })).status).toBe('applied');

    const expected = ['fir', ...sent.map((e) => e.id)].sort();
    const records = await eventually(
      async () => (await suite.activities.caseEvents.store.list()).filter((e) => e.record.caseId === caseId),
      (mine) => mine.length >= expected.length,
    );
    expect(records.map((e) => e.record.eventId).sort()).toEqual(expected);

    await terminateWhenIdle(env, caseId, 'checked');
    const history = (await handle.fetchHistory()).events ?? [];
    const tasks = tasksOf(history);
    const updateTasks = tasks.filter((t) => t.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED));
    expect(updateTasks.length).toBeGreaterThan(0);
    for (const task of updateTasks) expect(task.filter(isLocalActivity)).toEqual([]);
    // No store lookup for a shipped pack in the run's first task, and the five steps' records in fewer deliveries.
    expect(tasks[0]!.filter(isLocalActivity)).toEqual([]);
    const markers = history.filter(isLocalActivity);
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.length).toBeLessThan(expected.length);
    const patches = history.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').map((e) => Object.values(e.markerRecordedEventAttributes!.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())).join(' '));
    // A new run takes 'steps-on-flush-timer' with every earlier change under one marker ('changes-to-2026-12'), so one
    // patch marker and one TemporalChangeVersion upsert, not nine of each.
    expect(patches.map((p) => (JSON.parse(p) as { id: string }).id)).toEqual(['changes-to-2026-12']);
    const versionUpserts = history.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion);
    expect(versionUpserts).toHaveLength(1);
  });
});
