// What the API needs from the case engine, as an interface the client/ functions satisfy (a Temporal-backed
// port) and tests fake. Every record carries its jurisdiction so the API, not the port, has the last word.
import { z } from 'zod';
import { eventType } from '../../rules/schema/common';
import { jurisdiction, jurisdictionView, type Jurisdiction } from '../auth/caller';
import { caseParties, type CaseParties } from '../../workflows/case-parties';

/** An instant as the API speaks it: ISO 8601 with an explicit offset (`Z` or `+05:00`). */
export const isoInstant = z.iso.datetime({ offset: true });

/** What a case listing shows: ids, place, stage and clock counts; never parties or other personal data. */
export const caseSummary = z
  .object({
    caseId: z.string(),
    jurisdiction: jurisdictionView,
    offenceClass: z.string(),
    stage: z.object({ id: z.string(), label: z.string(), labelUr: z.string().optional().describe('the SOP pack\u2019s Urdu label (label_ur), when it has one') }),
    sop: z.object({ province: z.string(), version: z.string() }),
    overdueClocks: z.number().int().min(0),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummary>;

const citationView = z.object({ law: z.string(), section: z.string(), verified: z.boolean() });

/** Why an escalation was raised: the SOP rule, the facts compared (values only for roles that need them), the law. */
export const escalationExplanation = z.object({
  rule: z.string(),
  summary: z.string(),
  citation: citationView,
  sopHash: z.string(),
  comparisons: z.array(
    z.object({
      fact: z.string(),
      operator: z.string(),
      value: z.string().describe('the SOP\u2019s value, as JSON'),
      factValue: z.string().nullable().describe('the case\u2019s value, as JSON; null when not reached or withheld from the caller\u2019s role'),
      result: z.boolean().nullable(),
    }),
  ),
  factValuesWithheld: z.boolean().describe('true when the case\u2019s values were left out for the caller\u2019s role'),
});

/** One case as a person reads it: its clocks, open tasks, timeline and next events. No facts, no parties. */
export const caseDetail = caseSummary
  .extend({
    asOf: isoInstant,
    clocks: z.array(
      z.object({
        key: z.string(),
        clockId: z.string(),
        label: z.string(),
        labelUr: z.string().optional(),
        citation: citationView,
        status: z.enum(['running', 'paused', 'breached', 'met', 'cancelled']),
        startedAt: isoInstant,
        dueAt: isoInstant.nullable(),
        remainingMs: z.number().nullable().describe('negative: overdue; null when paused or ended'),
        ledger: z.object({ summary: z.string(), lines: z.array(z.string()) }).describe('the count in the law\u2019s terms: "day 12 of 14; 3 days excluded: …"'),
        grounds: z.array(z.string()).describe('the tolling grounds holding the clock now'),
        pauses: z.array(z.object({ from: isoInstant, to: isoInstant.nullable(), ground: z.string().nullable(), reason: z.string() })),
        extensions: z.array(z.object({ amount: z.number(), grantedBy: z.string(), grantedAt: isoInstant })),
        endedAt: isoInstant.nullable(),
        late: z.boolean(),
        calendarWarning: z.string().nullable(),
      }),
    ),
    openTasks: z.array(
      z.object({
        taskId: z.string(),
        role: z.string(),
        level: z.number().int(),
        status: z.string(),
        slaDueAt: isoInstant.nullable(),
        cause: z.object({ kind: z.enum(['clock-breach', 'gate-failures']), id: z.string() }),
        explanation: escalationExplanation,
      }),
    ),
    sopHash: z.string().describe('the content hash of the SOP pack the case runs on'),
    gates: z.array(
      z.object({
        gateId: z.string(),
        label: z.string(),
        labelUr: z.string().optional(),
        citation: citationView,
        sopHash: z.string(),
        at: isoInstant,
        passed: z.boolean(),
        objections: z.array(z.object({ rule: z.string(), code: z.string(), message: z.string() })),
      }),
    ),
    timeline: z.array(z.object({ at: isoInstant, kind: z.string(), text: z.string() })),
    allowedEvents: z.array(z.string()),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof caseDetail>;

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

/** Opening a case: the FIR's facts (no personal data: attributes only) and when it was registered. */
export const openCaseBody = z
  .object({
    facts: z.record(z.string(), z.unknown()).describe('case facts as sop-definitions/schema describes them: province, district, policeStation, fir, offence, accused…'),
    firAt: isoInstant.describe('when the FIR was registered'),
    acceptOld: z.boolean().optional().describe('confirm an FIR older than the pack\u2019s intake bound'),
    parties: caseParties
      .optional()
      .describe('complainant, accused and victims (names, CNIC, phones): personal data, encrypted before it reaches Temporal, never returned by the API nor echoed in its errors'),
  })
  .strict()
  .meta({ id: 'OpenCase' });
export type OpenCaseBody = z.infer<typeof openCaseBody>;

export const openedCase = z
  .object({ caseId: z.string(), status: z.enum(['opened', 'existing']), jurisdiction: jurisdictionView, sop: z.object({ province: z.string(), version: z.string() }) })
  .meta({ id: 'OpenedCase' });
export type OpenedCaseView = z.infer<typeof openedCase>;

export const caseEventBody = z
  .object({
    id: z.string().min(1).max(120).describe('idempotency key: the same id with the same body has one effect; with another body it is a 409'),
    type: eventType,
    at: isoInstant.optional().describe('effective time; omitted: when the case receives it'),
    facts: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: 'CaseEvent' });
export type CaseEventBody = z.infer<typeof caseEventBody>;

export const caseEventResult = z.object({ eventId: z.string(), status: z.enum(['applied', 'duplicate']), stage: z.string() }).meta({ id: 'CaseEventResult' });
export type CaseEventResult = z.infer<typeof caseEventResult>;

const clockRun = z.object({ status: z.string(), dueAt: isoInstant.nullable() }).nullable();
export const migrationPreview = z
  .object({
    from: z.object({ sopHash: z.string(), version: z.string() }),
    to: z.object({ sopHash: z.string(), version: z.string() }),
    applicable: z.boolean(),
    reason: z.string().optional(),
    stage: z.object({ before: z.string(), after: z.string().nullable() }),
    clocks: z.array(z.object({ clockId: z.string(), before: clockRun, after: clockRun })),
    gates: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
    escalations: z.object({ opened: z.array(z.string()), closed: z.array(z.string()) }),
    digest: z.string(),
  })
  .meta({ id: 'MigrationPreview' });
export type MigrationPreviewView = z.infer<typeof migrationPreview>;

/** A case event as the port sends it (instants in epoch ms, as client/ takes them). */
export interface PortEvent {
  id: string;
  type: string;
  at?: number;
  facts?: Record<string, unknown>;
}

export interface PlannedOpening {
  caseId: string;
  jurisdiction: Jurisdiction;
  sop: { province: string; version: string };
}

export interface CasesPort {
  /** The case, or undefined when no case has this id. */
  findCase(caseId: string): Promise<CaseSummary | undefined>;
  /** Cases inside `scope` matching `filter`; the API re-checks each against the caller's scope. */
  listCases(scope: Jurisdiction, filter: CaseListFilter): Promise<CaseSummary[]>;
  /** The case view, or undefined when no case has this id. */
  viewCase(caseId: string): Promise<CaseDetail | undefined>;
  /** Checks an opening without starting anything: the case id and jurisdiction it would have (throws CaseClientError). */
  planOpening(body: { facts: Record<string, unknown>; firAt: number; acceptOld?: boolean }): PlannedOpening;
  openCase(body: { facts: Record<string, unknown>; firAt: number; acceptOld?: boolean; parties?: CaseParties }): Promise<{ caseId: string; status: 'opened' | 'existing' }>;
  sendEvent(caseId: string, event: PortEvent): Promise<CaseEventResult>;
  previewMigration(caseId: string, version: string): Promise<MigrationPreviewView>;
  applyMigration(caseId: string, version: string, decision: { digest: string; by: string; reason: string }): Promise<MigrationPreviewView>;
}
