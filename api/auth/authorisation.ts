// Authorisation in one place: which cases a caller may see (scopeFor) and what they may do (mayAct). The server
// decides from the verified token alone, whatever the request says. Another jurisdiction's case is "not found"
// (the caller learns nothing, not even that it exists); a wrong role is "forbidden".
import type { Caller, Jurisdiction, RoleId } from './caller';
import { DISTRICT_ROLES, SOURCE_SYSTEM_ROLE, STATION_ROLES } from './caller';

/** The jurisdiction filter every listing applies: the caller's own jurisdiction, as narrow as their token says. */
export function scopeFor(caller: Caller): Jurisdiction {
  return { ...caller.jurisdiction };
}

export function inScope(scope: Jurisdiction, target: Jurisdiction): boolean {
  if (scope.province !== target.province) return false;
  if (scope.district !== undefined && scope.district !== target.district) return false;
  if (scope.policeStation !== undefined && scope.policeStation !== target.policeStation) return false;
  return true;
}

export type Action =
  | { kind: 'sop.read'; province: string; proposal: boolean }
  | { kind: 'sop.check'; province: string }
  | { kind: 'case.list' }
  | { kind: 'case.read'; case: Jurisdiction }
  | { kind: 'case.personal'; case: Jurisdiction }
  | { kind: 'case.open'; case: Jurisdiction }
  | { kind: 'case.event'; case: Jurisdiction }
  | { kind: 'task.list' }
  | { kind: 'task.act'; case: Jurisdiction; taskRole: string }
  | { kind: 'case.migrate'; case: Jurisdiction }
  | { kind: 'intake.post'; case: Jurisdiction }
  | { kind: 'audit.read' }
  | { kind: 'simulation.run' }
  | { kind: 'kpi.read' };

export type Decision = { ok: true } | { ok: false; status: 403 | 404; code: string; detail: string };

const OPERATIONAL: readonly RoleId[] = [...STATION_ROLES, ...DISTRICT_ROLES, 'prosecutor_general', 'regional_director', 'director_general'];
const SOP_STAFF: readonly RoleId[] = ['policy_analyst', 'sop_author', 'auditor'];
const CASE_READERS: readonly RoleId[] = [...OPERATIONAL, 'policy_analyst', SOURCE_SYSTEM_ROLE];
const EVENT_SENDERS: readonly RoleId[] = [...OPERATIONAL, SOURCE_SYSTEM_ROLE];
/** Who sees a case's own fact values (ages, custody…) in explanations: those who handle the case, not policy staff. */
const PERSONAL_READERS: readonly RoleId[] = [...STATION_ROLES, ...DISTRICT_ROLES];
const OPENERS: readonly RoleId[] = ['io', 'sho', SOURCE_SYSTEM_ROLE];
const TASK_LISTERS: readonly RoleId[] = OPERATIONAL;
/** Monitoring is the supervisors' and the analysts' (each within their own jurisdiction); a source system feeds, it does not read. */
const KPI_READERS: readonly RoleId[] = [...OPERATIONAL, 'policy_analyst'];
/** Moving a running case to another SOP version is a head of service's decision (district or province). */
const MIGRATORS: readonly RoleId[] = ['dpo', 'dpp', 'prosecutor_general', 'director_general'];

const has = (caller: Caller, allowed: readonly RoleId[]): boolean => caller.roles.some((r) => allowed.includes(r));
const ALLOW: Decision = { ok: true };
const notFound: Decision = { ok: false, status: 404, code: 'not-found', detail: 'no such resource' };
const forbidden = (what: string): Decision => ({ ok: false, status: 403, code: 'forbidden-role', detail: `your roles may not ${what}` });

/** Jurisdiction first (404), then role (403): a refusal never depends on a case the caller may not see. */
function onCase(caller: Caller, target: Jurisdiction, allowed: readonly RoleId[], what: string): Decision {
  if (!inScope(scopeFor(caller), target)) return notFound;
  return has(caller, allowed) ? ALLOW : forbidden(what);
}

export function mayAct(caller: Caller, action: Action): Decision {
  switch (action.kind) {
    case 'sop.read':
      // Packs in force are public law: any signed-in person may read any province's. A proposal is a draft:
      // only the SOP staff of its province see it; to everyone else it does not exist.
      if (caller.kind === 'system') return forbidden('read SOP packs');
      if (!action.proposal) return ALLOW;
      return has(caller, SOP_STAFF) && caller.jurisdiction.province === action.province ? ALLOW : notFound;
    case 'sop.check':
      // Checking a draft and running the scenarios is SOP authoring work, for the province's own authors.
      if (!caller.roles.includes('sop_author') && !caller.roles.includes('policy_analyst')) return forbidden('check SOP drafts or run scenarios');
      return caller.jurisdiction.province === action.province ? ALLOW : forbidden(`check SOP drafts of ${action.province}`);
    case 'case.list':
      return has(caller, CASE_READERS) ? ALLOW : forbidden('list cases');
    case 'case.read':
      return onCase(caller, action.case, CASE_READERS, 'read cases');
    case 'case.personal':
      return onCase(caller, action.case, PERSONAL_READERS, 'see the case\u2019s personal facts');
    case 'case.open':
      return onCase(caller, action.case, OPENERS, 'open cases');
    case 'case.event':
      return onCase(caller, action.case, EVENT_SENDERS, 'send case events');
    case 'task.list':
      return has(caller, TASK_LISTERS) ? ALLOW : forbidden('list tasks');
    case 'task.act':
      // A supervisor acts only on tasks that sit at their own role.
      return onCase(caller, action.case, caller.roles.includes(action.taskRole as RoleId) ? TASK_LISTERS : [], `act on a task at ${action.taskRole}`);
    case 'case.migrate':
      return onCase(caller, action.case, MIGRATORS, 'move a case to another SOP version');
    case 'intake.post':
      // Batch intake is a source system's feed; a person sends events one at a time on the case.
      return onCase(caller, action.case, [SOURCE_SYSTEM_ROLE], 'post a source system\u2019s feed');
    case 'audit.read':
      return caller.roles.includes('auditor') ? ALLOW : forbidden('read the audit log');
    case 'simulation.run':
      // Jobs are the province's (their ids name it): the province of the caller's token is the only scope.
      return caller.roles.includes('policy_analyst') ? ALLOW : forbidden('run or read simulations');
    case 'kpi.read':
      return has(caller, KPI_READERS) ? ALLOW : forbidden('read KPIs');
  }
}

