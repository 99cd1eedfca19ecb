// What `sopflow tasks list|ack|resolve|reassign|extend` do. Lists come from Temporal visibility, scoped to one
// jurisdiction and role; actions are events sent to the task's CASE workflow, which owns the escalation (the
// task workflow only mirrors it). Loaded only when one of them runs.
import { z } from 'zod';
import { openTasksQuery, supervisorScope } from '../../client/task-query';
import type { Escalation } from '../../rules/case-engine/index';
import { jurisdictionId } from '../../workflows/case-identity';
import { caseEventRequest, caseStateQuery, type CaseEventReply } from '../../workflows/case-messages';
import { SA } from '../../workflows/search-attributes';
import { taskIdArgument } from '../case-id-argument';
import { CliError, parseInput, parseOptions } from '../cli-error';
import type { CommandResult } from '../command-runner';
import { formatKarachi, isoInstant } from '../iso-instant';
import { generatedEventId, sendCaseEvent } from '../send-case-event';
import { withTemporal } from '../temporal-session';
import { MAX_LISTED } from './tasks';


const listOptions = z.object({
  province: z.string({ error: 'is required: the supervisor’s province' }),
  district: z.string().optional(),
  policeStation: jurisdictionId.optional(),
  role: z.string({ error: 'is required: the supervisor’s role, e.g. sho' }),
  limit: z.coerce.number().int().min(1).max(MAX_LISTED).default(200),
  json: z.boolean().optional(),
});

export interface TaskRow {
  taskId: string;
  caseId: string;
  escalationId: string;
  province: string;
  district: string;
  policeStation: string;
  role: string;
  level: number;
  status: string;
  /** When the task climbs to the next level unless answered (epoch ms); null once acknowledged. */
  slaDueAt: number | null;
}

export interface TasksListJson {
  scope: { province: string; district?: string; policeStation?: string; role: string };
  tasks: TaskRow[];
  /** True when more tasks matched than --limit. */
  truncated: boolean;
}

export async function listTasks(raw: unknown): Promise<CommandResult<TasksListJson>> {
  const o = parseOptions(listOptions, raw);
  const scope = parseOptions(supervisorScope, { province: o.province, role: o.role, ...(o.district !== undefined ? { district: o.district } : {}) });
  // The police station narrows the supervisor's own scope; it is an id (validated), never query text.
  const query = openTasksQuery(scope) + (o.policeStation ? ` AND ${SA.policeStation.name} = '${o.policeStation}'` : '');
  return withTemporal(async (session) => {
    const tasks: TaskRow[] = [];
    let truncated = false;
    for await (const wf of session.client.workflow.list({ query, pageSize: Math.min(o.limit + 1, 1000) })) {
      if (tasks.length >= o.limit) {
        truncated = true;
        break;
      }
      const sa = wf.typedSearchAttributes;
      const due = sa.get(SA.dueAt);
      tasks.push({
        taskId: wf.workflowId,
        caseId: wf.workflowId.slice(0, wf.workflowId.indexOf('/task/')),
        escalationId: wf.workflowId.slice(wf.workflowId.indexOf('/task/') + '/task/'.length),
        province: sa.get(SA.province) ?? '',
        district: sa.get(SA.district) ?? '',
        policeStation: sa.get(SA.policeStation) ?? '',
        role: sa.get(SA.role) ?? '',
        level: sa.get(SA.level) ?? 0,
        status: sa.get(SA.taskStatus) ?? '',
        // An acknowledged task no longer climbs; its last published due time is history, not a deadline.
        slaDueAt: due && sa.get(SA.taskStatus) === 'open' ? due.getTime() : null,
      });
    }
    tasks.sort((a, b) => (a.slaDueAt ?? Infinity) - (b.slaDueAt ?? Infinity) || a.taskId.localeCompare(b.taskId));
    const json: TasksListJson = { scope: { ...scope, ...(o.policeStation ? { policeStation: o.policeStation } : {}) }, tasks, truncated };
    const where = [o.policeStation, scope.district, scope.province].filter(Boolean).join(', ');
    const lines = tasks.map(
      (t) => `${t.taskId}\n    ${t.role}, level ${t.level}, ${t.status}${t.slaDueAt !== null ? `, climbs ${formatKarachi(t.slaDueAt)}` : ''}`,
    );
    const header = `${tasks.length}${truncated ? '+' : ''} open task${tasks.length === 1 ? '' : 's'} for ${scope.role} in ${where}`;
    return { json, text: [header, ...lines].join('\n') };
  });
}

export type TaskAction = 'ack' | 'resolve' | 'reassign' | 'extend';
const EVENT_OF: Record<TaskAction, string> = {
  ack: 'ESCALATION_ACKNOWLEDGED',
  resolve: 'ESCALATION_RESOLVED',
  reassign: 'ESCALATION_REASSIGNED',
  extend: 'CLOCK_EXTENDED',
};

const actionOptions = z.object({
  role: z.string({ error: 'is required: the role acting, e.g. sho' }).regex(/^[a-z][a-z0-9_]*$/, 'must be a role id such as sho or ddpp'),
  directive: z.string().trim().min(1).max(2000).optional(),
  toRole: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a role id such as sdpo').optional(),
  clock: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a clock id such as defect-cure').optional(),
  days: z.coerce.number().positive('must be more than 0').max(3650).optional(),
  at: isoInstant.optional(),
  eventId: z.string().optional(),
  json: z.boolean().optional(),
});

export interface TaskActionJson {
  taskId: string;
  caseId: string;
  escalationId: string;
  eventId: string;
  eventIdGenerated: boolean;
  type: string;
  status: CaseEventReply['status'];
  stage: string;
  /** The escalation as the case holds it after the event; its task workflow follows within moments. */
  escalation: Pick<Escalation, 'id' | 'role' | 'level' | 'status' | 'slaDueAt'> | null;
}

export async function actOnTask(action: TaskAction, taskIdRaw: string, raw: unknown): Promise<CommandResult<TaskActionJson>> {
  const { taskId, caseId, escalationId } = parseInput(taskIdArgument, taskIdRaw, 'task id');
  const o = parseOptions(actionOptions, raw);
  if (action === 'resolve' && !o.directive) throw new CliError('usage', '--directive: is required to resolve a task (what was ordered)');
  if (action === 'reassign' && !o.toRole) throw new CliError('usage', '--to-role: is required to reassign a task');
  if (action === 'extend' && o.days === undefined) throw new CliError('usage', "--days: is required to extend a clock (in the clock's own unit)");
  const eventIdGenerated = o.eventId === undefined;
  const type = EVENT_OF[action];

  return withTemporal(async (session) => {
    const handle = session.client.workflow.getHandle(caseId);
    let clockId = o.clock;
    if (action === 'extend' && clockId === undefined) {
      // The clock whose breach raised the task is the one a supervisor means to extend.
      const cause = (await handle.query(caseStateQuery)).escalations.find((e) => e.id === escalationId)?.cause;
      if (cause?.kind !== 'clock-breach') throw new CliError('usage', `--clock: is required: task ${taskId} was not raised by a clock`);
      clockId = cause.clockId;
    }
    const request = parseInput(
      caseEventRequest,
      {
        id: o.eventId ?? generatedEventId(),
        type,
        ...(o.at !== undefined ? { at: o.at } : {}),
        data: {
          // An extension is of a clock, not of the task; the task closes if the extension cures the breach.
          ...(action === 'extend' ? { clockId, amount: o.days } : { escalationId }),
          role: o.role,
          ...(action === 'resolve' ? { directive: o.directive } : {}),
          ...(action === 'reassign' ? { toRole: o.toRole } : {}),
        },
      },
      'event',
    );
    const reply = await sendCaseEvent(session, caseId, request);
    const after = (await handle.query(caseStateQuery)).escalations.find((e) => e.id === escalationId);
    const escalation = after ? { id: after.id, role: after.role, level: after.level, status: after.status, slaDueAt: after.slaDueAt } : null;
    const json: TaskActionJson = { taskId, caseId, escalationId, eventId: request.id, eventIdGenerated, type, status: reply.status, stage: reply.stage, escalation };
    const lines = [
      reply.status === 'applied' ? `${type} applied to ${caseId}` : `duplicate: event ${request.id} was applied before; nothing changed`,
      escalation ? `task ${taskId}: ${escalation.role}, level ${escalation.level}, ${escalation.status}` : `task ${taskId}: not found in the case`,
      eventIdGenerated ? `event id: ${request.id} (to retry safely, send again with --event-id ${request.id})` : `event id: ${request.id}`,
    ];
    return { json, text: lines.join('\n') };
  });
}

