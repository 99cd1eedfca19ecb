// How far each supervisor role's jurisdiction reaches, the one place that says so: a district role (IO, SHO,
// SDPO, SP Investigation, DPO; ADPP, DDPP, DPP) sees its own district's tasks only, so its task list must name
// a district; only a province-level role may list the whole province.
//
// A table here, not in the packs: the packs' roles carry no jurisdiction yet. From shared/domain/glossary.md
// and statutes.md: the Prosecutor General (Punjab, Sindh, Balochistan) and KP's Director General Prosecution
// head their province's service. KP's Regional Director covers a region of several districts; with no list of
// regions in the packs, it is treated as a district role (it lists one district at a time), which can narrow
// what it sees but never widen it.
export type JurisdictionLevel = 'district' | 'province';

const PROVINCE_LEVEL_ROLES: ReadonlySet<string> = new Set(['prosecutor_general', 'director_general']);

/** Any role not named province-level is a district role: an unknown role can never list a whole province. */
export function jurisdictionLevel(role: string): JurisdictionLevel {
  return PROVINCE_LEVEL_ROLES.has(role) ? 'province' : 'district';
}
