// What the API needs for supervisors' tasks: the inbox of one role in one jurisdiction, one task as its case
// holds it, and the four actions. The read-model port serves inboxes from the read model and the rest from
// Temporal; the Temporal-backed port calls client/tasks.ts; tests fake it.
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
    offenceClass: z.string().optional().describe('the case\u2019s offence class (from the read model)'),
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
    offenceClass: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional().describe('only tasks of cases of this offence class'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    after: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,400}$/, 'must be the `next` cursor of a previous page')
      .optional()
      .describe('the `next` of the previous page: pages follow one stable order (SLA due, then case, then task)'),
  })
  .strict();
export type TaskFilter = z.infer<typeof taskFilter>;

export const taskPage = z
  .object({
    tasks: z.array(taskView),
    next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
  })
  .meta({ id: 'TaskPage' });
export type TaskPage = z.infer<typeof taskPage>;

/** What an inbox page asks of the port: the caller's scope and roles (already decided by the API) and the filters. */
export interface InboxRequest {
  scope: Jurisdiction;
  roles: string[];
  filter: Omit<TaskFilter, 'role' | 'policeStation'>;
}

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
  /**
   * One page of the inbox, sorted by SLA due and filtered in the store (the read model). A port without it
   * lists per role and the API filters and sorts (no further pages).
   */
  inbox?(request: InboxRequest): Promise<TaskPage>;
  /** One task as its case holds it now (open or closed), or undefined. */
  findTask(taskId: string): Promise<TaskView | undefined>;
  act(input: TaskActionInput): Promise<TaskActionResultView>;
}
