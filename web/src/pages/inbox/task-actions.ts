// The four actions on a task, each a POST with its own Idempotency-Key. Whether the caller may is the server's
// call (their role, the task's role, the SOP's extension rights); a refusal comes back as a translated problem.
import { api, dataOf, newIdempotencyKey } from '../../api/client';

export type ActionKind = 'acknowledge' | 'resolve' | 'reassign' | 'extend';

export interface ActionInput {
  directive?: string;
  toRole?: string;
  days?: number;
}

export async function actOnTask(kind: ActionKind, taskId: string, input: ActionInput = {}): Promise<void> {
  const params = { path: { taskId }, header: { 'idempotency-key': newIdempotencyKey(kind) } };
  switch (kind) {
    case 'acknowledge':
      dataOf(await api.POST('/tasks/{taskId}/acknowledge', { params, body: {} }));
      return;
    case 'resolve':
      dataOf(await api.POST('/tasks/{taskId}/resolve', { params, body: { directive: input.directive ?? '' } }));
      return;
    case 'reassign':
      dataOf(await api.POST('/tasks/{taskId}/reassign', { params, body: { toRole: input.toRole ?? '' } }));
      return;
    case 'extend':
      dataOf(await api.POST('/tasks/{taskId}/extend', { params, body: { days: input.days ?? 0 } }));
      return;
  }
}

/** Which actions to offer on a task. The server has the last word; this only leaves out what cannot apply. */
export function offeredActions(task: { status: string; breachedClock: string | null }): ActionKind[] {
  return [...(task.status === 'open' ? (['acknowledge'] as const) : []), 'resolve', 'reassign', ...(task.breachedClock ? (['extend'] as const) : [])];
}

/** Roles a task may be handed to (the SOP's ladder decides which are valid for a given task). */
export const REASSIGN_ROLES = ['io', 'sho', 'sdpo', 'sp_investigation', 'dpo', 'adpp', 'ddpp', 'dpp'] as const;
