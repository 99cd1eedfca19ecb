// The prisons' PMIS custody feed mapped to sopflow, so the custody clocks run from prison facts: admission on a
// remand warrant and each production before court renew the s.344 judicial-remand clock; the arrest the
// admission record carries starts the s.497 statutory-bail clocks; release and bail end them. The person is
// never named: a record refers to its FIR, and the prisoner's number stays in PMIS.
import { z } from 'zod';
import { isoInstant } from '../cases/cases-port';
import { caseOf, firReference, recordId, type Mapping } from './intake-item';

export const pmisRecord = z
  .object({
    recordId: recordId.describe('the PMIS movement\u2019s own id: a replay of the same record is a duplicate'),
    movement: z.enum(['admission', 'production', 'transfer', 'release', 'bail']),
    occurredAt: isoInstant,
    fir: firReference,
    /** admission: the warrant the prisoner came in on, and when the police arrested them (if the warrant says). */
    warrant: z.enum(['judicial-remand', 'under-trial', 'convicted']).optional(),
    arrestedAt: isoInstant.optional(),
    /** production: what the court ordered when the prisoner was produced. */
    courtOrder: z.enum(['remand-extended', 'physical-remand', 'adjourned', 'bail-granted']).optional(),
    /** transfer: where the prisoner went. */
    transferTo: z.enum(['prison', 'police-custody', 'hospital']).optional(),
  })
  .strict()
  .meta({ id: 'PmisRecord' });
export type PmisRecord = z.infer<typeof pmisRecord>;

const inCustody = (value: boolean): Record<string, unknown> => ({ accused: { inCustody: value } });

export function mapPmisRecord(r: PmisRecord): Mapping[] {
  const target = caseOf(r.fir);
  if (!target.ok) return [target];
  const { caseId, jurisdiction } = target;
  const at = Date.parse(r.occurredAt);
  const id = `pmis:${r.recordId}`;
  const event = (type: string, facts?: Record<string, unknown>, suffix = '', when = at): Mapping => ({
    ok: true,
    item: { kind: 'event', caseId, jurisdiction, event: { id: `${id}${suffix}`, type, at: when, ...(facts ? { facts } : {}) } },
  });
  const ignored = (reason: string): Mapping => ({ ok: true, item: { kind: 'ignored', caseId, jurisdiction, reason } });
  switch (r.movement) {
    case 'admission': {
      if (!r.warrant) return [{ ok: false, field: 'warrant', message: 'is required on an admission: judicial-remand, under-trial or convicted' }];
      if (r.warrant === 'convicted') return [ignored('a convict\u2019s admission starts no pre-trial custody clock')];
      const arrest = r.arrestedAt ? [event('ACCUSED_ARRESTED', inCustody(true), ':arrest', Date.parse(r.arrestedAt))] : [];
      return [...arrest, event('JUDICIAL_REMAND_ORDERED', inCustody(true))];
    }
    case 'production':
      switch (r.courtOrder) {
        case 'remand-extended':
          return [event('JUDICIAL_REMAND_ORDERED', inCustody(true))];
        case 'physical-remand':
          return [event('PHYSICAL_REMAND_ORDERED', inCustody(true))];
        case 'adjourned':
          return [event('HEARING_ADJOURNED')];
        case 'bail-granted':
          return [ignored('bail takes effect when PMIS records the release')];
        case undefined:
          return [{ ok: false, field: 'courtOrder', message: 'is required on a production: remand-extended, physical-remand, adjourned or bail-granted' }];
      }
      break;
    case 'transfer':
      if (!r.transferTo) return [{ ok: false, field: 'transferTo', message: 'is required on a transfer: prison, police-custody or hospital' }];
      // Between prisons (or to a prison hospital) the prisoner stays in judicial custody: no clock changes.
      return r.transferTo === 'police-custody' ? [event('PHYSICAL_REMAND_ORDERED', inCustody(true))] : [ignored('a transfer within judicial custody changes no clock')];
    case 'release':
    case 'bail':
      return [event('ACCUSED_RELEASED', inCustody(false))];
  }
  return [];
}
