// A case's workflow id derives from its FIR identity, so registering the same FIR twice finds the same case.
import { z } from 'zod';
import { provinceId } from '../rules/schema/common';

/** Jurisdiction names become ids: lowercase words joined by "-" (also safe inside visibility queries). */
export const jurisdictionId = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .transform((s) => s.toLowerCase().replace(/[\s_]+/g, '-'))
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be letters, digits, spaces or "-"'));

export const firIdentity = z
  .object({
    province: provinceId,
    district: jurisdictionId,
    policeStation: jurisdictionId,
    firNumber: z.string().trim().regex(/^[0-9A-Za-z-]{1,20}$/, 'must be the FIR number, e.g. 123 or 123-A'),
    year: z.number().int().min(1947).max(2200),
  })
  .strict();
export type FirIdentity = z.infer<typeof firIdentity>;

export function caseWorkflowId(fir: FirIdentity): string {
  return `case/${fir.province}/${fir.district}/${fir.policeStation}/${fir.firNumber.toLowerCase()}-${fir.year}`;
}

/** Escalation tasks are child workflows named after their case, so a task id leads back to its case. */
export function taskWorkflowId(caseId: string, escalationId: string): string {
  return `${caseId}/task/${escalationId}`;
}

export function caseIdOfTask(taskId: string): string {
  const at = taskId.indexOf('/task/');
  if (at < 0) throw new Error(`"${taskId}" is not a task id (expected <case id>/task/<escalation>)`);
  return taskId.slice(0, at);
}

export function escalationIdOfTask(taskId: string): string {
  return taskId.slice(taskId.indexOf('/task/') + '/task/'.length);
}

/** The jurisdiction a case id names (case/<province>/<district>/<police station>/<fir>-<year>). */
export function jurisdictionOfCase(caseId: string): { province: string; district: string; policeStation: string } {
  const [kind, province, district, policeStation] = caseId.split('/');
  if (kind !== 'case' || !province || !district || !policeStation) throw new Error(`"${caseId}" is not a case id`);
  return { province, district, policeStation };
}
