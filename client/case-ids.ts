// Case and task ids as edges receive them: checked against the shape the case workflow gives them, so a typo is
// an `invalid` request here and not a "not found" from the server.
import { z } from 'zod';
import { caseIdOfTask, escalationIdOfTask } from '../workflows/case-identity';

const CASE_ID = /^case\/(?:punjab|sindh|khyber-pakhtunkhwa|balochistan)\/[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*\/[0-9a-z-]{1,20}-\d{4}$/;

export const caseIdArgument = z
  .string()
  .trim()
  .regex(CASE_ID, 'must be a case id as `sopflow case open` prints it, e.g. case/punjab/lahore/model-town/123-2026');

export const taskIdArgument = z
  .string()
  .trim()
  .refine((id) => id.includes('/task/'), 'must be a task id as `sopflow tasks list` prints it (<case id>/task/<escalation>)')
  .transform((taskId) => ({ taskId, caseId: caseIdOfTask(taskId), escalationId: escalationIdOfTask(taskId) }))
  .refine((t) => CASE_ID.test(t.caseId), 'does not start with a case id (case/<province>/<district>/<police station>/<fir>-<year>)')
  .refine((t) => t.escalationId.length > 0 && t.escalationId.length <= 200, 'names no escalation after /task/');
export type TaskRef = z.output<typeof taskIdArgument>;
