// What the API needs for supervisors' tasks: the inbox of one role in one jurisdiction, one task as its case
// holds it, and the four actions. The Temporal-backed port calls client/tasks.ts; tests fake it.
import { z } from 'zod';
import { jurisdictionView, type Jurisdiction } from '../auth/caller';
import { isoInstant } from '../cases/cases-port';

export const taskView = z
  .object({
    taskId: z.string(),
    caseId: z.string(),
    jurisdiction: jurisdictionView,
    role: z.string(),
    level: z.number().int(),
    status: z.string(),
    slaDueAt: isoInstant.nullable().describe('when the task climbs to the next level unless answered; null once acknowledged'),
    breachedClock: z.string().nullable().describe('the clock whose breach raised the task, if one did'),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof taskView>;

export const taskFilter = z
  .object({
    role: z.string().regex(/^[a-z][a-z0-9_]*$/).optional().describe('one of the caller\u2019s roles; default all of them'),
    level: z.coerce.number().int().min(0).max(20).optional(),
    status: z.enum(['open', 'acknowledged']).optional(),
    climbingBefore: isoInstant.optional().describe('only tasks that climb before this instant'),
    breachedClock: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional().describe('only tasks raised by this clock\u2019s breach'),
    policeStation: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100).describe('at most this many tasks (a backend may list fewer: Temporal visibility lists at most 1,000)'),
  })
  .strict();
export type TaskFilter = z.infer<typeof taskFilter>;

export const taskActionResult = z
  .object({
    taskId: z.string(),
    eventId: z.string(),
    status: z.enum(['applied', 'duplicate']),
    stage: z.string(),
    task: z.object({ role: z.string(), level: z.number().int(), status: z.string(), slaDueAt: isoInstant.nullable() }).nullable(),
  })
  .meta({ id: 'TaskActionResult' });
export type TaskActionResultView = z.infer<typeof taskActionResult>;

export type TaskActionKind = 'ack' | 'resolve' | 'reassign' | 'extend';

export interface TaskActionInput {
  action: TaskActionKind;
  taskId: string;
  /** The role the caller acts in: the task's own role (checked by the API). */
  role: string;
  eventId: string;
  directive?: string;
  toRole?: string;
  clock?: string;
  days?: number;
}

export interface TasksPort {
  /** Open and acknowledged tasks of `role` within `scope` (the API re-checks each row). */
  listTasks(scope: Jurisdiction, role: string, limit: number): Promise<TaskView[]>;
  /** One task as its case holds it now (open or closed), or undefined. */
  findTask(taskId: string): Promise<TaskView | undefined>;
  act(input: TaskActionInput): Promise<TaskActionResultView>;
}
