// The CMMS/CFMS case-event feed (KP, Sindh, Balochistan CMMS; Punjab CFMS) mapped to sopflow: one record per
// case event, coded as in the table below (api/intake/MAPPINGS.md documents each row and its SOP event).
import { z } from 'zod';
import { isoInstant } from '../cases/cases-port';
import { caseOf, firReference, recordId, type Mapping } from './intake-item';

/** Record code → the SOP event it is; `FIR` opens the case. */
export const CMMS_CODES = {
  FIR: 'FIR_REGISTERED',
  ARREST: 'ACCUSED_ARRESTED',
  PRODUCED: 'PRODUCED_BEFORE_MAGISTRATE',
  PHYSICAL_REMAND: 'PHYSICAL_REMAND_ORDERED',
  JUDICIAL_REMAND: 'JUDICIAL_REMAND_ORDERED',
  RELEASED: 'ACCUSED_RELEASED',
  ABSCONDED: 'ACCUSED_ABSCONDED',
  INTERIM_REPORT: 'INTERIM_CHALLAN_SUBMITTED',
  FINAL_REPORT: 'FINAL_CHALLAN_SUBMITTED',
  CANCELLATION_REPORT: 'CANCELLATION_REPORT_SUBMITTED',
  CANCELLATION_ACCEPTED: 'CANCELLATION_APPROVED',
  CANCELLATION_REFUSED: 'CANCELLATION_REJECTED',
  UNTRACED_REPORT: 'UNTRACED_REPORT_SUBMITTED',
  SCRUTINY: 'SCRUTINY_COMPLETED',
  DEFECTS_CURED: 'DEFECTS_CURED',
  CHALLAN_FILED: 'CHALLAN_FILED_IN_COURT',
  CHARGE_FRAMED: 'CHARGE_FRAMED',
  HEARING: 'HEARING_HELD',
  ADJOURNMENT: 'HEARING_ADJOURNED',
  WITNESS_ABSENT: 'WITNESS_ABSENT',
  JUDGMENT: 'JUDGMENT_DELIVERED',
  STATE_APPEAL: 'STATE_APPEAL_FILED',
  VICTIM_APPEAL: 'VICTIM_APPEAL_FILED',
  APPEAL_DECIDED: 'APPEAL_DECIDED',
  STAY: 'STAY_ORDERED',
  STAY_VACATED: 'STAY_VACATED',
  CLOSED: 'CASE_CLOSED',
} as const;
export type CmmsCode = keyof typeof CMMS_CODES;

const codes = Object.keys(CMMS_CODES) as [CmmsCode, ...CmmsCode[]];

export const cmmsRecord = z
  .object({
    recordId: recordId.describe('the CMMS record\u2019s own id: a replay of the same record is a duplicate'),
    code: z.enum(codes),
    occurredAt: isoInstant,
    fir: firReference,
    /** FIR: the offence as registered (sections and class; no names). */
    offence: z
      .object({
        class: z.string().regex(/^[a-z][a-z0-9_-]*$/),
        sections: z.array(z.string().min(1).max(40)).max(50).optional(),
        punishableWithDeath: z.boolean().optional(),
        terrorism: z.boolean().optional(),
        scheduledSexualOffence: z.boolean().optional(),
        narcotics: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** FIR: the accused's attributes the SOP's clocks depend on (never identities). */
    accused: z.object({ inCustody: z.boolean().optional(), sex: z.enum(['male', 'female', 'transgender']).optional(), juvenile: z.boolean().optional() }).strict().optional(),
    /** FINAL_REPORT: the documents attached to the challan (document ids of the pack). */
    documents: z.array(z.string().min(1).max(80)).max(100).optional(),
    /** SCRUTINY: the prosecutor's objections (objection codes of the pack); none means fit for court. */
    objections: z.array(z.string().min(1).max(80)).max(100).optional(),
    /** JUDGMENT: the outcome. */
    outcome: z.enum(['conviction', 'acquittal']).optional(),
  })
  .strict()
  .meta({ id: 'CmmsRecord' });
export type CmmsRecord = z.infer<typeof cmmsRecord>;

export function mapCmmsRecord(r: CmmsRecord): Mapping {
  const target = caseOf(r.fir);
  if (!target.ok) return target;
  const { caseId, jurisdiction } = target;
  const at = Date.parse(r.occurredAt);
  if (r.code === 'FIR') {
    if (!r.offence) return { ok: false, field: 'offence', message: 'is required on an FIR record (its class at least)' };
    return {
      ok: true,
      item: {
        kind: 'open',
        caseId,
        jurisdiction,
        firAt: at,
        facts: {
          province: r.fir.province,
          district: r.fir.district,
          policeStation: r.fir.policeStation,
          fir: { number: r.fir.number, year: r.fir.year },
          offence: r.offence,
          ...(r.accused ? { accused: r.accused } : {}),
        },
      },
    };
  }
  let facts: Record<string, unknown> | undefined;
  switch (r.code) {
    case 'ARREST':
    case 'PHYSICAL_REMAND':
    case 'JUDICIAL_REMAND':
      facts = { accused: { inCustody: true } };
      break;
    case 'RELEASED':
    case 'ABSCONDED':
      facts = { accused: { inCustody: false } };
      break;
    case 'FINAL_REPORT':
      if (r.documents) facts = { challan: { documents: r.documents } };
      break;
    case 'SCRUTINY':
      facts = { scrutiny: { objections: r.objections ?? [] } };
      break;
    case 'JUDGMENT':
      if (!r.outcome) return { ok: false, field: 'outcome', message: 'is required on a JUDGMENT record: conviction or acquittal' };
      facts = { judgment: { outcome: r.outcome } };
      break;
    default:
      break;
  }
  return { ok: true, item: { kind: 'event', caseId, jurisdiction, event: { id: `cmms:${r.recordId}`, type: CMMS_CODES[r.code], at, ...(facts ? { facts } : {}) } } };
}
