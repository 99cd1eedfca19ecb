// What a source system's record becomes before it reaches a case: open the FIR's case, send one sopflow event,
// or nothing (a record with no bearing on any clock or stage, said so per item). Adapters are pure mappings;
// the intake route applies their output. Event ids derive from the source's record id, so a replayed feed
// is a run of duplicates and a changed record under an old id is a conflict.
import { z } from 'zod';
import { provinceId, type ProvinceId } from '../../rules/schema/common';
import { caseWorkflowId, firIdentity } from '../../workflows/case-identity';
import type { Jurisdiction } from '../auth/caller';
import type { PortEvent } from '../cases/cases-port';

export const recordId = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'must be 1–80 letters, digits or . _ -');

/** An FIR reference as source systems carry it: the case's place and its FIR number and year. */
export const firReference = z
  .object({
    province: provinceId,
    district: z.string().min(1).max(80),
    policeStation: z.string().min(1).max(80),
    number: z.string().min(1).max(20),
    year: z.number().int().min(1947).max(2200),
  })
  .strict()
  .meta({ id: 'FirReference' });
export type FirReference = z.infer<typeof firReference>;

export type MappedItem =
  | { kind: 'open'; caseId: string; jurisdiction: Jurisdiction; facts: Record<string, unknown>; firAt: number }
  | { kind: 'event'; caseId: string; jurisdiction: Jurisdiction; event: PortEvent }
  | { kind: 'ignored'; caseId: string; jurisdiction: Jurisdiction; reason: string };

export type Mapping = { ok: true; item: MappedItem } | { ok: false; field: string; message: string };

/** The FIR's case id and place, normalised as the case workflow names them, or the field at fault. */
export function caseOf(fir: FirReference): { ok: true; caseId: string; jurisdiction: Jurisdiction & { province: ProvinceId } } | { ok: false; field: string; message: string } {
  const parsed = firIdentity.safeParse({ province: fir.province, district: fir.district, policeStation: fir.policeStation, firNumber: fir.number, year: fir.year });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    return { ok: false, field: `fir.${key === 'firNumber' ? 'number' : key}`, message: issue.message };
  }
  const f = parsed.data;
  return { ok: true, caseId: caseWorkflowId(f), jurisdiction: { province: f.province, district: f.district, policeStation: f.policeStation } };
}
