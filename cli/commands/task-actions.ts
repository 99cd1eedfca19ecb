// What `sopflow tasks list|ack|resolve|reassign|extend` do: parse the flags, call client/tasks.ts, say what
// happened. Loaded only when one of them runs.
import { z } from 'zod';
import { generatedEventId } from '../../client/case-events';
import { actOnTask as actOnTaskVia, checkedScope, checkedTaskAction, listTasks as listTasksVia, MAX_LISTED, type TaskAction, type TaskActionResult, type TaskList } from '../../client/tasks';
import { parseOptions } from '../cli-error';
import type { CommandResult } from '../command-runner';
import { formatKarachi, isoInstant } from '../iso-instant';
import { withTemporal } from '../temporal-session';

const listOptions = z.object({
  province: z.string({ error: 'is required: the supervisor’s province' }),
  district: z.string().optional(),
  policeStation: z.string().optional(),
  role: z.string({ error: 'is required: the supervisor’s role, e.g. sho' }),
  limit: z.coerce.number().int().min(1).max(MAX_LISTED).default(200),
  json: z.boolean().optional(),
});

export type TasksListJson = TaskList;

export async function listTasks(raw: unknown): Promise<CommandResult<TasksListJson>> {
  const { json: _json, limit, ...given } = parseOptions(listOptions, raw);
  const scopeInput = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  // Checked before connecting: a district role without --district is refused even with no server running.
  const scope = checkedScope(scopeInput);
  return withTemporal(async (session) => {
    const json = await listTasksVia(session.client, scope, limit);
    const where = [scope.policeStation, scope.district, scope.province].filter(Boolean).join(', ');
    const lines = json.tasks.map(
      (t) => `${t.taskId}\n    ${t.role}, level ${t.level}, ${t.status}${t.slaDueAt !== null ? `, climbs ${formatKarachi(t.slaDueAt)}` : ''}`,
    );
    const header = `${json.tasks.length}${json.truncated ? '+' : ''} open task${json.tasks.length === 1 ? '' : 's'} for ${scope.role} in ${where}`;
    return { json, text: [header, ...lines].join('\n') };
  });
}

const actionOptions = z.object({
  role: z.string({ error: 'is required: the role acting, e.g. sho' }),
  directive: z.string().optional(),
  toRole: z.string().optional(),
  clock: z.string().optional(),
  days: z.coerce.number().optional(),
  at: isoInstant.optional(),
  eventId: z.string().optional(),
  json: z.boolean().optional(),
});

export type TaskActionJson = TaskActionResult & { eventIdGenerated: boolean };

export async function actOnTask(action: TaskAction, taskId: string, raw: unknown): Promise<CommandResult<TaskActionJson>> {
  const { json: _json, ...o } = parseOptions(actionOptions, raw);
  const eventIdGenerated = o.eventId === undefined;
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  // Checked before connecting; the client checks again (it is also the API's way in).
  const request = { ...given, action, taskId, eventId: o.eventId ?? generatedEventId('cli') };
  checkedTaskAction(request);
  return withTemporal(async (session) => {
    const result = await actOnTaskVia(session.client, request);
    const { escalation, type, caseId, eventId } = result;
    const lines = [
      result.status === 'applied' ? `${type} applied to ${caseId}` : `duplicate: event ${eventId} was applied before; nothing changed`,
      escalation ? `task ${result.taskId}: ${escalation.role}, level ${escalation.level}, ${escalation.status}` : `task ${result.taskId}: not found in the case`,
      eventIdGenerated ? `event id: ${eventId} (to retry safely, send again with --event-id ${eventId})` : `event id: ${eventId}`,
    ];
    return { json: { ...result, eventIdGenerated }, text: lines.join('\n') };
  });
}
