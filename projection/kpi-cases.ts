// The cases behind a KPI number: for one KPI and one group (the same filter and group keys the value carries),
// the ids of the cases its observations come from, read from the fact tables by the same rules the rollup counts
// by, paged by case id. `outcome` narrows to the cases that count as a hit (met, returned, breached…) or a miss.
import { sql, type RawBuilder } from 'kysely';
import { KPI, KPI_CLOCKS } from '../rules/kpi/kpi-catalogue';
import { TASK_LANDING_ACTIONS } from '../rules/kpi/kpi-observations';
import type { KpiFilter } from './live-kpis';
import type { ReadModelDb } from './read-model';

/** The group keys a KPI value may carry, as the values name them. */
export interface KpiCaseGroup {
  province?: string;
  district?: string;
  policeStation?: string;
  offenceClass?: string;
  prosecutorOffice?: string;
  firMonth?: string;
  clock?: string;
  stage?: string;
  role?: string;
  level?: number;
  month?: string;
}

interface Source {
  table: 'cases' | 'clock_runs' | 'stage_stays' | 'escalation_steps';
  where: RawBuilder<unknown>;
  hit?: RawBuilder<unknown>;
}

function sourceOf(kpi: string, g: KpiCaseGroup): Source | null {
  const clock = (id: string | undefined): RawBuilder<unknown> => (id ? sql`verdict IS NOT NULL AND clock_id = ${id}` : sql`verdict IS NOT NULL`);
  const landed = (col: 'role' | 'overdue_role', levelCol: 'level' | 'overdue_level'): RawBuilder<unknown> =>
    sql.join(
      [
        col === 'role' ? sql`change IN (${sql.join([...TASK_LANDING_ACTIONS])})` : sql`overdue_role IS NOT NULL`,
        ...(g.role ? [sql`${sql.ref(col)} = ${g.role}`] : []),
        ...(g.level !== undefined ? [sql`${sql.ref(levelCol)} = ${g.level}`] : []),
        ...(g.month ? [sql`month = ${g.month}`] : []),
      ],
      sql` AND `,
    );
  switch (kpi) {
    case KPI.casesCount:
      return { table: 'cases', where: sql`true` };
    case KPI.clockMetShare:
      return { table: 'clock_runs', where: clock(g.clock), hit: sql`verdict = 'met'` };
    case KPI.clockBreachedShare:
      return { table: 'clock_runs', where: clock(g.clock), hit: sql`verdict = 'breached'` };
    case KPI.challanWithinS173Share:
      return { table: 'clock_runs', where: clock(KPI_CLOCKS.challanS173), hit: sql`verdict = 'met'` };
    case KPI.scrutinyReturnedInTimeShare:
      return { table: 'clock_runs', where: clock(KPI_CLOCKS.scrutinyReturn), hit: sql`verdict = 'met'` };
    case KPI.custodyBeyondS497Share:
      return { table: 'cases', where: sql`bail_applied`, hit: sql`bail_breached` };
    case KPI.custodyBeyondS497Count:
      return { table: 'cases', where: sql`bail_applied AND bail_breached` };
    case KPI.stageDurationMedian:
    case KPI.stageDurationP90:
      return { table: 'stage_stays', where: g.stage ? sql`left_at IS NOT NULL AND stage = ${g.stage}` : sql`left_at IS NOT NULL` };
    case KPI.firToCourtMedian:
    case KPI.firToCourtP90:
      return { table: 'cases', where: sql`court_bin IS NOT NULL` };
    case KPI.firToJudgmentMedian:
    case KPI.firToJudgmentP90:
      return { table: 'cases', where: sql`judgment_bin IS NOT NULL` };
    case KPI.cureTimeMedian:
    case KPI.cureTimeP90:
      return { table: 'clock_runs', where: sql`clock_id = ${KPI_CLOCKS.defectCure} AND NOT withdrawn AND met_bin IS NOT NULL` };
    case KPI.challanReturnRate:
    case KPI.challanCasesReturnedShare:
      return { table: 'cases', where: sql`scrutinies > 0`, hit: sql`returned_scrutinies > 0` };
    case KPI.escalationsPerRoleMonth:
      return { table: 'escalation_steps', where: landed('role', 'level') };
    case KPI.tasksOverduePerRoleMonth:
      return { table: 'escalation_steps', where: landed('overdue_role', 'overdue_level') };
    default:
      return null;
  }
}

export class UnknownKpiError extends Error {}

/** A page of the case ids behind one KPI value, in case id order; `next` is the last id when more follow. */
export async function kpiCases(
  db: ReadModelDb,
  kpi: string,
  filter: KpiFilter,
  group: KpiCaseGroup,
  page: { limit: number; after?: string; outcome?: 'hit' | 'miss' },
): Promise<{ caseIds: string[]; next: string | null }> {
  const source = sourceOf(kpi, group);
  if (!source) throw new UnknownKpiError(`no KPI ${JSON.stringify(kpi.slice(0, 80))} in the catalogue`);
  const parts: RawBuilder<unknown>[] = [source.where];
  const eq = (col: string, v: string | undefined): void => {
    if (v !== undefined) parts.push(sql`${sql.ref(col)} = ${v}`);
  };
  if (filter.fromMonth) parts.push(sql`fir_month >= ${filter.fromMonth}`);
  if (filter.toMonth) parts.push(sql`fir_month <= ${filter.toMonth}`);
  eq('province', group.province ?? filter.province);
  eq('district', group.district ?? filter.district);
  eq('police_station', group.policeStation ?? filter.policeStation);
  eq('offence_class', group.offenceClass);
  eq('prosecutor_office', group.prosecutorOffice);
  eq('fir_month', group.firMonth);
  if (page.outcome && source.hit) parts.push(page.outcome === 'hit' ? source.hit : sql`NOT (${source.hit})`);
  if (page.after) parts.push(sql`case_id > ${page.after}`);
  const { rows } = await sql<{ case_id: string }>`SELECT DISTINCT case_id FROM ${sql.table(source.table)} WHERE ${sql.join(parts, sql` AND `)}
    ORDER BY case_id LIMIT ${page.limit + 1}`.execute(db);
  const ids = rows.slice(0, page.limit).map((r) => r.case_id);
  return { caseIds: ids, next: rows.length > page.limit ? ids[ids.length - 1]! : null };
}
