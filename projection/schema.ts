// The read model's tables as Kysely sees them. Instants are epoch milliseconds (bigint: drivers may hand them
// back as strings, so read them through Number). No personal data: a case is its jurisdiction, offence class
// and SOP version; parties stay in the workflow's encrypted payloads.
import type { ColumnType, Generated } from 'kysely';

/** A bigint column: written as a number, read as whatever the driver gives (string for pg's int8). */
type Millis = ColumnType<number | string, number, number>;
type NullableMillis = ColumnType<number | string | null, number | null | undefined, number | null>;

/** What every fact row repeats of its case, so KPIs aggregate one table without joins at a province's scale. */
interface CaseDimensions {
  province: string;
  district: string;
  police_station: string;
  offence_class: string;
  prosecutor_office: string | null;
  /** FIR month (Asia/Karachi), e.g. "2026-03": the period a case belongs to. */
  fir_month: string;
}

export interface CasesTable extends CaseDimensions {
  case_id: string;
  sop_hash: string;
  sop_version: string;
  opened_at: NullableMillis;
  stage: string | null;
  closed: boolean;
  court_at: NullableMillis;
  court_bin: number | null;
  judgment_at: NullableMillis;
  judgment_bin: number | null;
  /** Per-case tallies of its own rows (scrutiny events, those a failed gate returned; statutory-bail runs), kept
   * so the challan and custody KPIs read one row per case at a province's scale. */
  scrutinies: ColumnType<number, number | undefined, number>;
  returned_scrutinies: ColumnType<number, number | undefined, number>;
  bail_applied: ColumnType<boolean, boolean | undefined, boolean>;
  bail_breached: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Millis;
}

export interface ClockRunsTable extends CaseDimensions {
  case_id: string;
  clock_key: string;
  clock_id: string;
  status: string;
  statutory_bail: boolean;
  started_at: Millis;
  due_at: NullableMillis;
  warned_at: NullableMillis;
  breached_at: NullableMillis;
  ended_at: NullableMillis;
  late: boolean;
  paused_since: NullableMillis;
  tolled_ms: Millis;
  extensions: number;
  /** clockVerdict (rules/kpi): 'met', 'breached' or null while undecided. */
  verdict: string | null;
  withdrawn: boolean;
  /** A met run's length as a histogram bin (completedRunMs, rules/kpi): cure times read the defect-cure runs. */
  met_bin: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface EscalationsTable extends CaseDimensions {
  case_id: string;
  escalation_id: string;
  status: string;
  role: string;
  level: number;
  sla_due_at: NullableMillis;
  cause_kind: string;
  /** The breached clock (clock-breach) or the failing gate (gate-failures). */
  cause_ref: string;
  opened_at: Millis;
  level_since: Millis;
  closed_at: NullableMillis;
  sla_missed_at_top: boolean;
}

export interface EscalationStepsTable extends CaseDimensions {
  case_id: string;
  effect_id: string;
  escalation_id: string;
  change: string;
  role: string;
  level: number;
  at: Millis;
  month: string;
  /** A climb or an SLA missed at the top: the role and level the task was overdue with (overdueOf, rules/kpi). */
  overdue_role: ColumnType<string | null, string | null | undefined, string | null>;
  overdue_level: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface GateResultsTable extends CaseDimensions {
  case_id: string;
  gate_id: string;
  event_id: string;
  at: Millis;
  passed: boolean;
  objections: number;
}

export interface EventRecordsTable extends CaseDimensions {
  seq: Generated<number>;
  case_id: string;
  event_id: string;
  event_type: string;
  at: Millis;
  stage_after: string;
  back_dated: boolean;
}

export interface StageStaysTable extends CaseDimensions {
  case_id: string;
  stage: string;
  entered_at: Millis;
  left_at: NullableMillis;
  duration_bin: number | null;
}

export interface AppliedEffectsTable {
  case_id: string;
  effect_id: string;
}

/** A supervisor's saved inbox view (api/saved-views): its office is the owner's jurisdiction, '' for a level above. */
export interface SavedViewsTable {
  view_id: string;
  /** The token subject of whoever saved it (an id at the provider, never a name). */
  owner: string;
  province: string;
  district: string;
  police_station: string;
  page: string;
  name: string;
  /** The filters as JSON text (validated by the API on the way in and out). */
  filters: string;
  shared: boolean;
  created_at: Millis;
}

/** Sums of the cases' KPI contributions per grain and period (kpi-rollup.ts). */
export interface KpiRollupTable {
  grain: string;
  metric: string;
  /** FIR month "YYYY-MM" or FIR year "YYYY". */
  period: string;
  g1: string;
  g2: string;
  g3: string;
  k1: string;
  k2: string;
  k3: string;
  bin: number;
  hit: Millis;
  n: Millis;
}

/** A histogram of the rollup (its key columns, down to k1), ranked: its count and its median and p90 bins. */
export interface KpiQuantilesTable extends Pick<KpiRollupTable, 'grain' | 'metric' | 'period' | 'g1' | 'g2' | 'g3' | 'k1' | 'n'> {
  median_bin: number;
  p90_bin: number;
}

export interface ReadModel {
  saved_views: SavedViewsTable;
  cases: CasesTable;
  clock_runs: ClockRunsTable;
  escalations: EscalationsTable;
  escalation_steps: EscalationStepsTable;
  gate_results: GateResultsTable;
  event_records: EventRecordsTable;
  stage_stays: StageStaysTable;
  applied_effects: AppliedEffectsTable;
  kpi_rollup: KpiRollupTable;
  kpi_quantiles: KpiQuantilesTable;
}
