// The events the simulated people send, named once. These are the harmonised event vocabulary every shipped
// pack declares; a run checks them against each pack it simulates (see missingAgentEvents), so a pack that
// renames one is refused at the start instead of quietly simulating cases that never move.
import { SUPERVISOR_EVENT_TYPES } from '../../rules/case-engine/index';

export const AGENT_EVENTS = {
  arrested: 'ACCUSED_ARRESTED',
  physicalRemand: 'PHYSICAL_REMAND_ORDERED',
  judicialRemand: 'JUDICIAL_REMAND_ORDERED',
  released: 'ACCUSED_RELEASED',
  interimReport: 'INTERIM_CHALLAN_SUBMITTED',
  finalReport: 'FINAL_CHALLAN_SUBMITTED',
  cancellationReport: 'CANCELLATION_REPORT_SUBMITTED',
  cancellationApproved: 'CANCELLATION_APPROVED',
  untracedReport: 'UNTRACED_REPORT_SUBMITTED',
  scrutinyCompleted: 'SCRUTINY_COMPLETED',
  defectsCured: 'DEFECTS_CURED',
  filedInCourt: 'CHALLAN_FILED_IN_COURT',
  chargeFramed: 'CHARGE_FRAMED',
  witnessAbsent: 'WITNESS_ABSENT',
  hearingAdjourned: 'HEARING_ADJOURNED',
  hearingHeld: 'HEARING_HELD',
  judgment: 'JUDGMENT_DELIVERED',
  stateAppeal: 'STATE_APPEAL_FILED',
  victimAppeal: 'VICTIM_APPEAL_FILED',
  appealDecided: 'APPEAL_DECIDED',
  closed: 'CASE_CLOSED',
  escalationResolved: 'ESCALATION_RESOLVED',
} as const;

/** The agent's events a pack does not declare (supervisor events are the engine's own and always exist). */
export function missingAgentEvents(declared: readonly string[]): string[] {
  const known = new Set<string>([...declared, ...SUPERVISOR_EVENT_TYPES]);
  return Object.values(AGENT_EVENTS).filter((t) => !known.has(t));
}
