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
];

/** Event types that mark milestones the KPIs time (the same names in every shipped pack). */
export const MILESTONE_EVENTS = {
  scrutiny: 'SCRUTINY_COMPLETED',
  filedInCourt: 'CHALLAN_FILED_IN_COURT',
  judgment: 'JUDGMENT_DELIVERED',
} as const;

/** Statutory-bail clocks are recognised by the section they cite, so the law stays in the packs. */
export const STATUTORY_BAIL_SECTION = 's.497';
