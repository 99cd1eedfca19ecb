// An escalation task: its own workflow, so supervisors find it through visibility by role and jurisdiction.
// The case workflow owns the escalation logic (the SOP core decides climbs and cures) and sends each change
// here; supervisors act through the case (see `sopflow tasks`), which keeps one source of truth.
import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { isLiveEscalation } from '../rules/case-engine/index';
import { SA } from './search-attributes';
import { taskQuery, taskSnapshotSignal, type TaskSnapshot } from './case-messages';

const isDone = (t: TaskSnapshot): boolean => !isLiveEscalation(t.escalation);

function searchAttributes(t: TaskSnapshot): Parameters<typeof upsertSearchAttributes>[0] {
  return [
    { key: SA.recordKind, value: 'escalation' },
    { key: SA.province, value: t.province },
    { key: SA.district, value: t.district },
    { key: SA.policeStation, value: t.policeStation },
    { key: SA.role, value: t.escalation.role },
    { key: SA.level, value: t.escalation.level },
    { key: SA.taskStatus, value: t.escalation.status },
    ...(t.escalation.slaDueAt !== null ? [{ key: SA.dueAt, value: new Date(t.escalation.slaDueAt) }] : []),
  ];
}

export async function escalationTaskWorkflow(initial: TaskSnapshot): Promise<TaskSnapshot> {
  let task = initial;
  let changed = true;
  setHandler(taskQuery, () => task);
  setHandler(taskSnapshotSignal, (next) => {
    task = next;
    changed = true;
  });
  while (!isDone(task)) {
    if (changed) {
      upsertSearchAttributes(searchAttributes(task));
      changed = false;
    }
    await condition(() => changed);
  }
  upsertSearchAttributes(searchAttributes(task));
  return task;
}
