// Who is calling: a signed-in person or a source system, with the roles and jurisdiction their token carries.
// Role ids are the packs' (sop-definitions/*/roles) plus the non-pack roles of policy, authoring and audit.
import { z } from 'zod';
import { provinceId } from '../../rules/schema/common';
import { jurisdictionId } from '../../workflows/case-identity';

/** Roles that sit at a police station: their jurisdiction must name the station. */
export const STATION_ROLES = ['io', 'sho'] as const;
/** Roles of a district (police supervisors and district prosecutors): their jurisdiction names the district. */
export const DISTRICT_ROLES = ['sdpo', 'sp_investigation', 'dpo', 'adpp', 'ddpp', 'dpp'] as const;
/** Roles of a whole province. */
export const PROVINCE_ROLES = ['prosecutor_general', 'regional_director', 'director_general', 'policy_analyst', 'sop_author', 'auditor'] as const;
/** A province's case system (CMMS, CFMS, PMIS) authenticating with client credentials. */
export const SOURCE_SYSTEM_ROLE = 'source_system';

export const roleId = z.enum([...STATION_ROLES, ...DISTRICT_ROLES, ...PROVINCE_ROLES, SOURCE_SYSTEM_ROLE]);
export type RoleId = z.infer<typeof roleId>;

export const jurisdiction = z
  .object({
    province: provinceId,
    district: jurisdictionId.optional(),
    policeStation: jurisdictionId.optional(),
  })
  .strict()
  .meta({ id: 'Jurisdiction' });
export type Jurisdiction = z.infer<typeof jurisdiction>;

/** The same, as responses carry it: already-normalised ids, no transform (responses are encoded, not parsed). */
export const jurisdictionView = z
  .object({
    province: provinceId,
    district: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    policeStation: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
  })
  .meta({ id: 'JurisdictionView' });

export interface Caller {
  /** The token's subject (a person's id at the provider) or the source system's client id. */
  subject: string;
  kind: 'user' | 'system';
  roles: RoleId[];
  jurisdiction: Jurisdiction;
}

/** Why a set of claims cannot make a caller; null when they can. Checked once, when the token is verified. */
export function callerProblem(kind: Caller['kind'], roles: readonly RoleId[], j: Jurisdiction): string | null {
  if (roles.length === 0) return 'the token carries no sopflow role';
  if (j.policeStation && !j.district) return 'a police station is given without its district';
  if (kind === 'system') {
    if (roles.some((r) => r !== SOURCE_SYSTEM_ROLE)) return 'a source system may not also hold a person\u2019s role';
    return null;
  }
  if (roles.includes(SOURCE_SYSTEM_ROLE)) return 'the source_system role is for client credentials only';
  if (roles.some((r) => (STATION_ROLES as readonly string[]).includes(r)) && !j.policeStation) return 'a station role needs a police_station claim';
  if (roles.some((r) => (DISTRICT_ROLES as readonly string[]).includes(r)) && !j.district) return 'a district role needs a district claim';
  return null;
}
