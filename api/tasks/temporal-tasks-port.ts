// The TasksPort on the real engine: inboxes from Temporal visibility (client/tasks.ts listTasks), one task and
// the actions from its case workflow (taskInCase, actOnTask).
import type { Client } from '@temporalio/client';
import { CaseClientError } from '../../client/case-client-error';
import { actOnTask, checkedScope, listTasks, taskInCase } from '../../client/tasks';
import type { TaskActionResultView, TasksPort, TaskView } from './tasks-port';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Escalation ids of clock breaches are `breach:<clock id>#<run>` (rules/case-engine/timers.ts). */
export function breachedClockOf(escalationId: string): string | null {
  const match = /^breach:([a-z][a-z0-9_-]*)#/.exec(escalationId);
  return match ? match[1]! : null;
}

export function temporalTasksPort(client: Client): TasksPort {
  return {
    listTasks: async (scope, role, limit) => {
      let checked;
      try {
        checked = checkedScope({ ...scope, role });
      } catch (err) {
        // A role whose reach the caller's jurisdiction does not fit (e.g. a regional role without a district) lists nothing.
        if (err instanceof CaseClientError && err.code === 'invalid') return [];
        throw err;
      }
      const list = await listTasks(client, checked, limit);
      return list.tasks.map(
        (t): TaskView => ({
          taskId: t.taskId,
          caseId: t.caseId,
          jurisdiction: { province: t.province as TaskView['jurisdiction']['province'], district: t.district, policeStation: t.policeStation },
          role: t.role,
          level: t.level,
          status: t.status,
          slaDueAt: iso(t.slaDueAt),
          breachedClock: breachedClockOf(t.escalationId),
        }),
      );
    },
    findTask: async (taskId) => {
      let found;
      try {
        found = await taskInCase(client, taskId);
      } catch (err) {
        if (err instanceof CaseClientError && err.code === 'not-found') return undefined;
        throw err;
      }
      if (!found) return undefined;
      const e = found.escalation;
      return {
        taskId: found.taskId,
        caseId: found.caseId,
        jurisdiction: { ...found.jurisdiction, province: found.jurisdiction.province as TaskView['jurisdiction']['province'] },
        role: e.role,
        level: e.level,
        status: e.status,
        slaDueAt: iso(e.status === 'open' ? e.slaDueAt : null),
        breachedClock: e.cause.kind === 'clock-breach' ? e.cause.clockId : null,
      };
    },
    act: async (input): Promise<TaskActionResultView> => {
      const r = await actOnTask(client, input);
      return {
        taskId: r.taskId,
        eventId: r.eventId,
        status: r.status,
        stage: r.stage,
        task: r.escalation ? { role: r.escalation.role, level: r.escalation.level, status: r.escalation.status, slaDueAt: iso(r.escalation.slaDueAt) } : null,
      };
    },
  };
}
