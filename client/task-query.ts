// Visibility queries for supervisors' task lists. A supervisor's jurisdiction is part of every query, and every
// value is validated against a strict id pattern first, so no input can widen a query to another district.
import { z } from 'zod';
import { provinceId } from '../rules/schema/common';
import { jurisdictionId } from '../workflows/case-identity';
import { SA } from '../workflows/search-attributes';
import { jurisdictionLevel } from './role-jurisdiction';

export const supervisorScope = z
  .object({
    province: provinceId,
    /** Omitted only for province-level roles (e.g. the Prosecutor General), who see the whole province. */
    district: jurisdictionId.optional(),
    role: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a role id such as sho or ddpp'),
    /** Narrows the scope to one police station of the district (never widens it). */
    policeStation: jurisdictionId.optional(),
  })
  .strict()
  .refine((s) => s.district !== undefined || jurisdictionLevel(s.role) === 'province', {
    path: ['district'],
    message: 'is required: a district role sees its own district only (only province-level roles such as prosecutor_general may omit it)',
  })
  .refine((s) => s.policeStation === undefined || s.district !== undefined, { path: ['district'], message: 'is required with --police-station' });
export type SupervisorScope = z.infer<typeof supervisorScope>;

export function openTasksQuery(scopeInput: z.input<typeof supervisorScope>): string {
  const scope = supervisorScope.parse(scopeInput);
  const clauses = [
    `${SA.recordKind.name} = 'escalation'`,
    `${SA.taskStatus.name} IN ('open', 'acknowledged')`,
    `${SA.province.name} = '${scope.province}'`,
    `${SA.role.name} = '${scope.role}'`,
    ...(scope.district ? [`${SA.district.name} = '${scope.district}'`] : []),
    ...(scope.policeStation ? [`${SA.policeStation.name} = '${scope.policeStation}'`] : []),
  ];
  return clauses.join(' AND ');
}
