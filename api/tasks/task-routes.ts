// Task routes: a supervisor's inbox (their roles, their jurisdiction) and the four actions on a task, each
// idempotent by the client's Idempotency-Key (it becomes the event id: the same key twice has one effect). A
// supervisor acts only on a task at their own role, in their jurisdiction; another's task is a 404.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope, mayAct, scopeFor } from '../auth/authorisation';
import { callerOf } from '../auth/authentication';
import { viaClient } from '../cases/client-problem';
import { ApiProblem, problemResponses } from '../problem';
import { taskActionResult, taskFilter, taskPage, type TaskActionKind, type TasksPort, type TaskView } from './tasks-port';

const secured = { security: [{ bearer: [] }], tags: ['tasks'] };
const taskParams = z.object({ taskId: z.string().min(1).max(400).describe('URL-encoded, e.g. case%2Fpunjab%2F…%2Ftask%2Fbreach%3Ainterim-report%231') });
const idempotency = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9:._\-/]{1,120}$/, 'must be 1–120 letters, digits or : . _ - /')
    .describe('the client\u2019s key for this action: a retry with the same key has no further effect'),
});

export const taskRoutes: FastifyPluginCallbackZod<{ tasks: TasksPort }> = (app, { tasks }, done) => {
  app.get(
    '/tasks',
    {
      schema: {
        ...secured,
        summary: 'The caller\u2019s inbox: open and acknowledged tasks at their roles in their jurisdiction, soonest to climb first, paged',
        querystring: taskFilter,
        response: { 200: taskPage, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const decision = mayAct(caller, { kind: 'task.list' });
      if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
      const q = request.query;
      const scope = scopeFor(caller);
      // Filters narrow, never widen: a role the caller does not hold, or another station, matches nothing.
      const roles = q.role ? caller.roles.filter((r) => r === q.role) : caller.roles;
      if (q.policeStation && scope.policeStation && q.policeStation !== scope.policeStation) return { tasks: [], next: null };
      const narrowed = { ...scope, ...(q.policeStation ? { policeStation: q.policeStation } : {}) };
      if (tasks.inbox) {
        const { role: _role, policeStation: _station, ...filter } = q;
        const page = await viaClient(() => tasks.inbox!({ scope: narrowed, roles: [...roles], filter }), 'querystring');
        // The store scoped the query; each row is checked again all the same.
        return { tasks: page.tasks.filter((t) => inScope(narrowed, t.jurisdiction) && roles.includes(t.role as (typeof roles)[number])), next: page.next };
      }
      if (q.after) throw new ApiProblem(400, 'invalid-request', 'this server lists one page only', [{ path: 'querystring.after', message: 'is not supported without the read model' }]);
      const climbingBefore = q.climbingBefore ? Date.parse(q.climbingBefore) : undefined;
      const rows: TaskView[] = [];
      for (const role of roles) rows.push(...(await viaClient(() => tasks.listTasks(narrowed, role, q.limit), 'querystring')));
      const wanted = rows.filter(
        (t) =>
          inScope(narrowed, t.jurisdiction) &&
          roles.includes(t.role as (typeof roles)[number]) &&
          (q.level === undefined || t.level === q.level) &&
          (q.status === undefined || t.status === q.status) &&
          (climbingBefore === undefined || (t.slaDueAt !== null && Date.parse(t.slaDueAt) < climbingBefore)) &&
          (q.offenceClass === undefined || t.offenceClass === q.offenceClass) &&
          (q.breachedClock === undefined || t.breachedClock === q.breachedClock),
      );
      const due = (t: TaskView): number => (t.slaDueAt === null ? Infinity : Date.parse(t.slaDueAt));
      wanted.sort((a, b) => due(a) - due(b) || a.taskId.localeCompare(b.taskId));
      return { tasks: wanted.slice(0, q.limit), next: null };
    },
  );

  const action = (path: string, kind: TaskActionKind, summary: string, body: z.ZodObject): void => {
    app.post(
      `/tasks/:taskId/${path}`,
      {
        config: { audit: `task.${path}` },
        schema: { ...secured, summary, params: taskParams, headers: idempotency, body, response: { 200: taskActionResult, ...problemResponses(400, 401, 403, 404, 409, 503) } },
      },
      async (request) => {
        const caller = callerOf(request);
        const { taskId } = request.params;
        const task = await viaClient(() => tasks.findTask(taskId), 'params');
        if (!task) throw new ApiProblem(404, 'not-found', 'no such resource');
        const decision = mayAct(caller, { kind: 'task.act', case: task.jurisdiction, taskRole: task.role });
        if (!decision.ok) throw new ApiProblem(decision.status, decision.code, decision.detail);
        const b = (request.body ?? {}) as { directive?: string; toRole?: string; clock?: string; days?: number };
        return viaClient(() =>
          tasks.act({
            action: kind,
            taskId,
            // The caller acts in the task's role, which mayAct has just checked they hold.
            role: task.role,
            eventId: request.headers['idempotency-key'],
            ...(b.directive !== undefined ? { directive: b.directive } : {}),
            ...(b.toRole !== undefined ? { toRole: b.toRole } : {}),
            ...(b.clock !== undefined ? { clock: b.clock } : {}),
            ...(b.days !== undefined ? { days: b.days } : {}),
          }),
        );
      },
    );
  };
  const role = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a role id such as sdpo');
  action('acknowledge', 'ack', 'Acknowledge the task (it stops climbing)', z.object({}).strict());
  action('resolve', 'resolve', 'Resolve the task with a directive (what was ordered)', z.object({ directive: z.string().trim().min(1).max(2000) }).strict());
  action('reassign', 'reassign', 'Hand the task to another role on its ladder', z.object({ toRole: role }).strict());
  action(
    'extend',
    'extend',
    'Extend the clock behind the task (only roles the SOP names for that clock may)',
    z.object({ days: z.number().positive().max(3650).describe('in the clock\u2019s own unit'), clock: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional() }).strict(),
  );
  done();
};
