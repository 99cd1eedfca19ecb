// The KPI catalogue, defined once: the simulator reports these, and live monitoring will compute the same ids
// from the same accumulators. Each id says what is counted; the accumulator says how.
import type { KpiDefinition } from './kpi-types';

export const KPI = {
  casesCount: 'cases.count',
  clockMetShare: 'clock.met_share',
  clockBreachedShare: 'clock.breached_share',
  stageDurationMedian: 'stage.duration_median',
  stageDurationP90: 'stage.duration_p90',
  challanReturnRate: 'challan.return_rate',
  challanCasesReturnedShare: 'challan.cases_returned_share',
  escalationsPerRoleMonth: 'escalations.per_role_month',
  custodyBeyondS497Share: 'custody.beyond_s497_share',
  custodyBeyondS497Count: 'custody.beyond_s497_count',
  firToCourtMedian: 'time.fir_to_court_median',
  firToCourtP90: 'time.fir_to_court_p90',
  firToJudgmentMedian: 'time.fir_to_judgment_median',
  firToJudgmentP90: 'time.fir_to_judgment_p90',
  challanWithinS173Share: 'challan.within_s173_share',
  scrutinyReturnedInTimeShare: 'scrutiny.returned_in_time_share',
  cureTimeMedian: 'challan.cure_time_median',
  cureTimeP90: 'challan.cure_time_p90',
  tasksOverduePerRoleMonth: 'tasks.overdue_per_role_month',
} as const;

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  { id: KPI.casesCount, label: 'Cases', unit: 'count', better: 'neither', description: 'Cases (FIRs) in the group.', basis: 'Management indicator; no provision sets it' },
  {
    id: KPI.clockMetShare,
    label: 'Statutory clock met on time',
    unit: 'share',
    better: 'higher',
    description: 'Of the clock runs that were decided (met, met late, or breached), the share met by the deadline. Runs cancelled before their deadline and runs still open at the horizon are left out.',
    basis: 'Each statutory clock of the SOP pack, with the section it cites there (e.g. CrPC s.173 for the report on completion of investigation)',
  },
  {
    id: KPI.clockBreachedShare,
    label: 'Statutory clock breached',
    unit: 'share',
    better: 'lower',
    description: 'Of the decided clock runs, the share whose deadline passed (including runs met late and runs cancelled after the breach).',
    basis: 'Each statutory clock of the SOP pack, with the section it cites there (e.g. CrPC s.173 for the report on completion of investigation)',
  },
  { id: KPI.stageDurationMedian, label: 'Stage duration, median', unit: 'days', better: 'lower', description: 'Median time spent in a stage, over completed stays.', basis: 'Management indicator; no provision sets it' },
  { id: KPI.stageDurationP90, label: 'Stage duration, 90th percentile', unit: 'days', better: 'lower', description: '90th percentile of the time spent in a stage, over completed stays.', basis: 'Management indicator; no provision sets it' },
  {
    id: KPI.challanReturnRate,
    label: 'Challan return (defect) rate',
    unit: 'share',
    better: 'lower',
    description: "Of the prosecutor's scrutinies (each evaluation of the gates at scrutiny), the share at which a gate raised an objection and the challan went back.",
    basis: 'The prosecutor\'s scrutiny of the challan under the province\'s prosecution SOP, with its gates\' citations in the pack',
  },
  {
    id: KPI.challanCasesReturnedShare,
    label: 'Challans returned at least once',
    unit: 'share',
    better: 'lower',
    description: 'Of the cases whose challan was scrutinised, the share returned with objections at least once.',
    basis: 'The prosecutor\'s scrutiny of the challan under the province\'s prosecution SOP, with its gates\' citations in the pack',
  },
  {
    id: KPI.escalationsPerRoleMonth,
    label: 'Escalation tasks per role and level per month',
    unit: 'per-month',
    better: 'lower',
    description: 'Escalation tasks landing on a role at a ladder level in a calendar month (Asia/Karachi): opened there, climbed to it or reassigned to it. Per district this is the load on that district\'s officer.',
    basis: 'The SOP pack\'s escalation ladders (each ladder cites its source in the pack)',
  },
  {
    id: KPI.custodyBeyondS497Share,
    label: 'Custody beyond the s.497 thresholds',
    unit: 'share',
    better: 'lower',
    description: 'Of the custody cases to which a statutory-bail clock (a clock citing s.497) applied, the share detained past its threshold.',
    basis: 'CrPC s.497 (statutory bail thresholds), as cited by the pack\'s statutory-bail clocks',
  },
  { id: KPI.custodyBeyondS497Count, label: 'Custody cases beyond the s.497 thresholds', unit: 'count', better: 'lower', description: 'Custody cases detained past a statutory-bail (s.497) threshold.', basis: 'CrPC s.497 (statutory bail thresholds), as cited by the pack\'s statutory-bail clocks' },
  { id: KPI.firToCourtMedian, label: 'FIR to court, median', unit: 'days', better: 'lower', description: 'Median time from FIR registration to the challan filed in court, over cases that reached court.', basis: 'Management indicator; no provision sets it' },
  { id: KPI.firToCourtP90, label: 'FIR to court, 90th percentile', unit: 'days', better: 'lower', description: '90th percentile of the time from FIR to the challan filed in court.', basis: 'Management indicator; no provision sets it' },
  { id: KPI.firToJudgmentMedian, label: 'FIR to judgment, median', unit: 'days', better: 'lower', description: 'Median time from FIR registration to judgment, over cases judged.', basis: 'Management indicator; no provision sets it' },
  { id: KPI.firToJudgmentP90, label: 'FIR to judgment, 90th percentile', unit: 'days', better: 'lower', description: '90th percentile of the time from FIR to judgment.', basis: 'Management indicator; no provision sets it' },
  {
    id: KPI.challanWithinS173Share,
    label: 'Challans within s.173',
    unit: 'share',
    better: 'higher',
    description: "Of the cases whose investigation clock (14 days from the FIR) was decided, the share whose report under s.173 (final or interim challan, cancellation or untraced report) went in by the deadline; met late or breached counts against.",
    basis: 'CrPC s.173(1) proviso (investigation within 14 days of the FIR); Punjab CPS Act 2006 s.12(1)(b) (report sent to the prosecutor within that period)',
  },
  {
    id: KPI.scrutinyReturnedInTimeShare,
    label: 'Scrutiny returns within time',
    unit: 'share',
    better: 'higher',
    description: "Of the prosecutor's decided scrutinies (the scrutiny-return clock, from the challan's arrival to its return or filing), the share done by the deadline.",
    basis: 'Punjab CPS Act 2006 s.9(4)–(5) (return within 3 days if defective); other provinces\' periods as their packs cite them (unverified there)',
  },
  {
    id: KPI.cureTimeMedian,
    label: 'Cure time, median',
    unit: 'days',
    better: 'lower',
    description: 'Median time from a challan returned by the prosecutor with objections to its resubmission with the defects cured (completed runs of the defect-cure clock).',
    basis: 'Punjab CPS Act 2006 s.12(2) (police remove the defects within the time the prosecutor specifies)',
  },
  {
    id: KPI.cureTimeP90,
    label: 'Cure time, 90th percentile',
    unit: 'days',
    better: 'lower',
    description: '90th percentile of the time from a returned challan to its resubmission.',
    basis: 'Punjab CPS Act 2006 s.12(2) (police remove the defects within the time the prosecutor specifies)',
  },
  {
    id: KPI.tasksOverduePerRoleMonth,
    label: 'Tasks overdue per role and level per month',
    unit: 'per-month',
    better: 'lower',
    description: "Escalation tasks whose SLA passed while they sat with a role at a ladder level, in the calendar month (Asia/Karachi) it passed: the task climbed past that role, or its SLA passed at the ladder's top.",
    basis: 'The SOP pack\'s escalation ladders (each ladder cites its source in the pack)',
  },
];

/** Clocks the headline KPIs read, by id (the same ids in every shipped pack; each cites its section there). */
export const KPI_CLOCKS = {
  /** CrPC s.173(1) proviso: investigation within 14 days of the FIR. */
  challanS173: 'investigation',
  /** The prosecutor's scrutiny period (Punjab CPS Act s.9(5)). */
  scrutinyReturn: 'scrutiny-return',
  /** Police cure the defects the prosecutor found (Punjab CPS Act s.12(2)): started on the return, met on resubmission. */
  defectCure: 'defect-cure',
} as const;

/** Event types that mark milestones the KPIs time (the same names in every shipped pack). */
export const MILESTONE_EVENTS = {
  scrutiny: 'SCRUTINY_COMPLETED',
  filedInCourt: 'CHALLAN_FILED_IN_COURT',
  judgment: 'JUDGMENT_DELIVERED',
} as const;

/** Statutory-bail clocks are recognised by the section they cite, so the law stays in the packs. */
export const STATUTORY_BAIL_SECTION = 's.497';
