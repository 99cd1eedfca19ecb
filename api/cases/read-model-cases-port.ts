// The CasesPort with its overdue filter served by the read model: which cases of a jurisdiction have a breached
// clock is one query there, instead of a case view per listed case. Everything else is the Temporal-backed port.
import { provinceId } from '../../rules/schema/common';
import { casesByOverdue } from '../../projection/case-list';
import type { ReadModelDb } from '../../projection/read-model';
import type { SopCatalogue } from '../sop-packs/sop-catalogue';
import type { CaseSummary, CasesPort } from './cases-port';

export function readModelCasesPort(base: CasesPort, db: ReadModelDb, catalogue: SopCatalogue): CasesPort {
  const stageLabel = (province: string, version: string, stage: string): string => {
    const p = provinceId.safeParse(province);
    const pack = p.success ? catalogue.get(p.data, version) : undefined;
    return pack?.bundle.pack.stages.find((s) => s.id === stage)?.label ?? stage;
  };
  return {
    ...base,
    listCases: async (scope, filter) => {
      if (filter.overdue === undefined) return base.listCases(scope, filter);
      const rows = await casesByOverdue(
        db,
        { province: scope.province, ...(scope.district ? { district: scope.district } : {}), ...(scope.policeStation ? { policeStation: scope.policeStation } : {}) },
        { overdue: filter.overdue, limit: filter.limit, ...(filter.stage ? { stage: filter.stage } : {}), ...(filter.offenceClass ? { offenceClass: filter.offenceClass } : {}) },
      );
      return rows.map(
        (r): CaseSummary => ({
          caseId: r.caseId,
          jurisdiction: { province: r.province as CaseSummary['jurisdiction']['province'], district: r.district, policeStation: r.policeStation },
          offenceClass: r.offenceClass,
          stage: { id: r.stage ?? '', label: r.stage ? stageLabel(r.province, r.sopVersion, r.stage) : '' },
          sop: { province: r.province, version: r.sopVersion },
          overdueClocks: r.overdueClocks,
        }),
      );
    },
  };
}
