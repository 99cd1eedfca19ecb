// What a KPI is and what one measured value of it looks like. Plain JSON: values cross worker threads and
// land in reports that must be byte-identical for the same inputs.

/** One KPI value for one group (e.g. district=lahore, offenceClass=murder) of one run. */
export interface KpiValue {
  /** Catalogue id, e.g. "clock.met_share", "stage.duration_p90", "escalations.per_role_month". */
  kpi: string;
  /** The group: empty for the whole cohort; keys among province, district, offenceClass, clock, stage, role, level, month. */
  group: Record<string, string>;
  value: number;
  /** How many observations the value rests on. */
  n: number;
}

export interface KpiDefinition {
  id: string;
  label: string;
  unit: 'share' | 'days' | 'count' | 'per-month';
  /** Better when higher or lower: the report colours deltas by it. */
  better: 'higher' | 'lower' | 'neither';
  description: string;
  /** The law or SOP the KPI monitors; "Management indicator" where no provision sets it. */
  basis?: string;
}
