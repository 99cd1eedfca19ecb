// The TasksPort on the read model: inboxes are one indexed query of the read model (scoped by jurisdiction in
// SQL, sorted by SLA due, paged by keyset, filtered), so they sort, page and scale as Temporal visibility cannot.
// One task and every action still go to its case workflow: Temporal remains the source of truth for actions.
import type { Client } from '@temporalio/client';
import { invalid } from '../../client/case-client-error';
import { jurisdictionLevel } from '../../client/role-jurisdiction';
import { inboxPage, type InboxItem } from '../../projection/inbox';
import type { ReadModelDb } from '../../projection/read-model';
import { taskWorkflowId } from '../../workflows/case-identity';
import type { InboxRequest, TaskPage, TasksPort, TaskView } from './tasks-port';
import { temporalTasksPort } from './temporal-tasks-port';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function taskViewOf(item: InboxItem): TaskView {
  return {
    taskId: taskWorkflowId(item.caseId, item.escalationId),
    caseId: item.caseId,
    jurisdiction: { province: item.province as TaskView['jurisdiction']['province'], district: item.district, policeStation: item.policeStation },
    role: item.role,
    level: item.level,
    status: item.status,
    // An acknowledged task no longer climbs (the engine clears its SLA); said again so no stale due time shows.
    slaDueAt: iso(item.status === 'open' ? item.slaDueAt : null),
    breachedClock: item.cause.kind === 'clock-breach' ? item.cause.ref : null,
    offenceClass: item.offenceClass,
  };
}

/** One inbox page from the read model. A district role whose caller names no district lists nothing (client/role-jurisdiction). */
export async function readModelInbox(db: ReadModelDb, request: InboxRequest): Promise<TaskPage> {
  const { scope, filter } = request;
  const roles = request.roles.filter((r) => scope.district !== undefined || jurisdictionLevel(r) === 'province');
  let page;
  try {
    page = await inboxPage(
      db,
      { province: scope.province, ...(scope.district ? { district: scope.district } : {}), ...(scope.policeStation ? { policeStation: scope.policeStation } : {}) },
      {
        roles,
        ...(filter.level !== undefined ? { level: filter.level } : {}),
        ...(filter.status ? { status: [filter.status] } : {}),
        ...(filter.offenceClass ? { offenceClass: filter.offenceClass } : {}),
        ...(filter.breachedClock ? { breachedClock: filter.breachedClock } : {}),
        ...(filter.climbingBefore ? { climbingBefore: Date.parse(filter.climbingBefore) } : {}),
      },
      { limit: filter.limit, ...(filter.after ? { after: filter.after } : {}) },
    );
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('inbox: the page cursor')) throw invalid('after', 'is not a cursor this server issued (pass the `next` of a previous page)');
    throw err;
  }
  return { tasks: page.items.map(taskViewOf), next: page.next };
}

export function readModelTasksPort(client: Client, db: ReadModelDb): TasksPort {
  const temporal = temporalTasksPort(client);
  return {
    listTasks: async (scope, role, limit) => (await readModelInbox(db, { scope, roles: [role], filter: { limit } })).tasks,
    inbox: (request) => readModelInbox(db, request),
    findTask: (taskId) => temporal.findTask(taskId),
    act: (input) => temporal.act(input),
  };
}
