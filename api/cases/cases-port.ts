// What the API needs from the case engine, as an interface the client/ functions satisfy (a Temporal-backed
// port) and tests fake. Every record carries its jurisdiction so the API, not the port, has the last word.
import { z } from 'zod';
import { jurisdiction, jurisdictionView, type Jurisdiction } from '../auth/caller';

/** What a case listing shows: ids, place, stage and clock counts; never parties or other personal data. */
export const caseSummary = z
  .object({
    caseId: z.string(),
    jurisdiction: jurisdictionView,
    offenceClass: z.string(),
    stage: z.object({ id: z.string(), label: z.string() }),
    sop: z.object({ province: z.string(), version: z.string() }),
    overdueClocks: z.number().int().min(0),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseListFilter = z
  .object({
    stage: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional(),
    offenceClass: z.string().regex(/^[a-z][a-z0-9_-]*$/).optional(),
    policeStation: jurisdiction.shape.policeStation,
    district: jurisdiction.shape.district,
    overdue: z.stringbool().optional().describe('only cases with an overdue clock'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type CaseListFilter = z.infer<typeof caseListFilter>;

export interface CasesPort {
  /** The case, or undefined when no case has this id. */
  findCase(caseId: string): Promise<CaseSummary | undefined>;
  /** Cases inside `scope` matching `filter`; the API re-checks each against the caller's scope. */
  listCases(scope: Jurisdiction, filter: CaseListFilter): Promise<CaseSummary[]>;
}
