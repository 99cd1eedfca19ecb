// Supervisors' escalation tasks from an edge: lists come from Temporal visibility, scoped to one jurisdiction
// and role; actions are events sent to the task's CASE workflow, which owns the escalation (the task workflow
// only mirrors it).
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Escalation } from '../rules/case-engine/index';
import { jurisdictionOfCase } from '../workflows/case-identity';
import { caseEventRequest, escalationQuery, type CaseEventReply } from '../workflows/case-messages';
import { SA } from '../workflows/search-attributes';
import { invalid, invalidFromZod, translated } from './case-client-error';
import { sendCaseEvent } from './case-events';
import { taskIdArgument } from './case-ids';
import { MAX_LISTED, TASK_ACTIONS, type TaskAction } from './task-kinds';
import { openTasksQuery, supervisorScope, type SupervisorScope } from './task-query';

export { MAX_LISTED, TASK_ACTIONS, type TaskAction };

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

export interface TaskList {
  scope: SupervisorScope;
  tasks: TaskRow[];
  /** True when more tasks matched than the limit. */
  truncated: boolean;
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidFromZod(result.error, what);
  return result.data;
}

/** Checks a scope without listing anything (an edge may refuse a bad scope before it connects). */
export function checkedScope(scope: unknown): SupervisorScope {
  return parsed(supervisorScope, scope, '');
}

/** Open and acknowledged tasks in the scope, soonest to climb first; at most `limit` (1–MAX_LISTED). */
export function listTasks(client: Client, scopeInput: unknown, limit = 200): Promise<TaskList> {
  const scope = checkedScope(scopeInput);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTED) throw invalid('limit', `must be a whole number from 1 to ${MAX_LISTED}`);
  return translated(client.options.namespace, async () => {
    const tasks: TaskRow[] = [];
    let truncated = false;
    for await (const wf of client.workflow.list({ query: openTasksQuery(scope), pageSize: Math.min(limit + 1, 1000) })) {
      if (tasks.length >= limit) {
        truncated = true;
        break;
      }
      const sa = wf.typedSearchAttributes;
      const due = sa.get(SA.dueAt);
      const ref = taskIdArgument.safeParse(wf.workflowId);
      tasks.push({
        taskId: wf.workflowId,
        caseId: ref.success ? ref.data.caseId : '',
        escalationId: ref.success ? ref.data.escalationId : '',
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
    return { scope, tasks, truncated };
  });
}

const EVENT_OF: Record<TaskAction, string> = {
  ack: 'ESCALATION_ACKNOWLEDGED',
  resolve: 'ESCALATION_RESOLVED',
  reassign: 'ESCALATION_REASSIGNED',
  extend: 'CLOCK_EXTENDED',
};

const roleId = (example: string): z.ZodString => z.string().regex(/^[a-z][a-z0-9_]*$/, `must be a role id such as ${example}`);

export const taskActionRequest = z
  .object({
    action: z.enum(TASK_ACTIONS),
    taskId: z.string(),
    /** The role acting. */
    role: roleId('sho'),
    /** What was ordered: required to resolve. */
    directive: z.string().trim().min(1).max(2000).optional(),
    /** The role on the ladder to hand the task to: required to reassign. */
    toRole: roleId('sdpo').optional(),
    /** The clock to extend; default the clock whose breach raised the task. */
    clock: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a clock id such as defect-cure').optional(),
    /** How much longer, in the clock's unit: required to extend. */
    days: z.number().positive('must be more than 0').max(3650).optional(),
    /** When it was done (epoch ms); default when the case receives it. */
    at: z.number().int().optional(),
    /** Idempotency key: the same id twice has one effect. */
    eventId: caseEventRequest.shape.id,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.action === 'resolve' && !r.directive) ctx.addIssue({ code: 'custom', path: ['directive'], message: 'is required to resolve a task (what was ordered)' });
    if (r.action === 'reassign' && !r.toRole) ctx.addIssue({ code: 'custom', path: ['toRole'], message: 'is required to reassign a task' });
    if (r.action === 'extend' && r.days === undefined) ctx.addIssue({ code: 'custom', path: ['days'], message: "is required to extend a clock (in the clock's own unit)" });
  });
export type TaskActionRequest = z.input<typeof taskActionRequest>;

export interface TaskActionResult {
  taskId: string;
  caseId: string;
  escalationId: string;
  eventId: string;
  type: string;
  status: CaseEventReply['status'];
  stage: string;
  /** The escalation as the case holds it after the event; its task workflow follows within moments. */
  escalation: Pick<Escalation, 'id' | 'role' | 'level' | 'status' | 'slaDueAt'> | null;
}

/** Checks an action without sending it (an edge may refuse a bad request before it connects). */
export function checkedTaskAction(input: unknown): z.output<typeof taskActionRequest> & { caseId: string; escalationId: string } {
  const request = parsed(taskActionRequest, input, '');
  const ref = parsed(taskIdArgument, request.taskId, 'taskId');
  return { ...request, caseId: ref.caseId, escalationId: ref.escalationId };
}

async function escalationInCase(client: Client, caseId: string, escalationId: string): Promise<Escalation | undefined> {
  return (await client.workflow.getHandle(caseId).query(escalationQuery, escalationId)) ?? undefined;
}

export interface TaskInCase {
  taskId: string;
  caseId: string;
  jurisdiction: { province: string; district: string; policeStation: string };
  /** The escalation as its case holds it now, open or closed (so a retried action still finds it). */
  escalation: Escalation;
}

/** One task read from its case (not from visibility, which lags): undefined when the case has no such task. */
export async function taskInCase(client: Client, taskId: string): Promise<TaskInCase | undefined> {
  const ref = parsed(taskIdArgument, taskId, 'taskId');
  return translated(client.options.namespace, async () => {
    const escalation = await client.workflow.getHandle(ref.caseId).query(escalationQuery, ref.escalationId);
    if (!escalation) return undefined;
    return { taskId: ref.taskId, caseId: ref.caseId, jurisdiction: jurisdictionOfCase(ref.caseId), escalation };
  });
}

export async function actOnTask(client: Client, input: unknown): Promise<TaskActionResult> {
  const r = checkedTaskAction(input);
  const type = EVENT_OF[r.action];
  let clockId = r.clock;
  if (r.action === 'extend' && clockId === undefined) {
    // The clock whose breach raised the task is the one a supervisor means to extend.
    const cause = (await translated(client.options.namespace, () => escalationInCase(client, r.caseId, r.escalationId)))?.cause;
    if (cause?.kind !== 'clock-breach') throw invalid('clock', `is required: task ${r.taskId} was not raised by a clock`);
    clockId = cause.clockId;
  }
  const reply = await sendCaseEvent(client, r.caseId, {
    id: r.eventId,
    type,
    ...(r.at !== undefined ? { at: r.at } : {}),
    data: {
      // An extension is of a clock, not of the task; the task closes if the extension cures the breach.
      ...(r.action === 'extend' ? { clockId, amount: r.days } : { escalationId: r.escalationId }),
      role: r.role,
      ...(r.action === 'resolve' ? { directive: r.directive } : {}),
      ...(r.action === 'reassign' ? { toRole: r.toRole } : {}),
    },
  });
  const after = await translated(client.options.namespace, () => escalationInCase(client, r.caseId, r.escalationId));
  const escalation = after ? { id: after.id, role: after.role, level: after.level, status: after.status, slaDueAt: after.slaDueAt } : null;
  return { taskId: r.taskId, caseId: r.caseId, escalationId: r.escalationId, eventId: reply.request.id, type, status: reply.status, stage: reply.stage, escalation };
}
