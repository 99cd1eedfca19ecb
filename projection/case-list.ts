// Cases of a jurisdiction from the read model, with how many of their clocks stand breached now: what the API's
// overdue filter needs, in one query instead of a case view per listed case. Open cases only (a case in a final
// stage is done with its clocks), in case id order.
import { sql } from 'kysely';
import type { ReadModelDb } from './read-model';

export interface CaseListScope {
  province: string;
  district?: string;
  policeStation?: string;
}

export interface CaseListRow {
  caseId: string;
  province: string;
  district: string;
  policeStation: string;
  offenceClass: string;
  stage: string | null;
  sopVersion: string;
  overdueClocks: number;
}

export async function casesByOverdue(
  db: ReadModelDb,
  scope: CaseListScope,
  filter: { overdue: boolean; stage?: string; offenceClass?: string; limit: number },
): Promise<CaseListRow[]> {
  let q = db
    .selectFrom('cases as c')
    .leftJoin('clock_runs as r', (j) => j.onRef('r.case_id', '=', 'c.case_id').on('r.status', '=', 'breached').on('r.withdrawn', '=', false))
    .select(['c.case_id', 'c.province', 'c.district', 'c.police_station', 'c.offence_class', 'c.stage', 'c.sop_version', sql<number>`count(r.case_id)::int`.as('overdue')])
    .where('c.province', '=', scope.province)
    .where('c.closed', '=', false);
  if (scope.district) q = q.where('c.district', '=', scope.district);
  if (scope.policeStation) q = q.where('c.police_station', '=', scope.policeStation);
  if (filter.stage) q = q.where('c.stage', '=', filter.stage);
  if (filter.offenceClass) q = q.where('c.offence_class', '=', filter.offenceClass);
  const rows = await q
    .groupBy(['c.case_id', 'c.province', 'c.district', 'c.police_station', 'c.offence_class', 'c.stage', 'c.sop_version'])
    .having(filter.overdue ? sql<boolean>`count(r.case_id) > 0` : sql<boolean>`count(r.case_id) = 0`)
    .orderBy('c.case_id')
    .limit(Math.min(Math.max(filter.limit, 1), 1000))
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    province: r.province,
    district: r.district,
    policeStation: r.police_station,
    offenceClass: r.offence_class,
    stage: r.stage,
    sopVersion: r.sop_version,
    overdueClocks: Number(r.overdue),
  }));
}
