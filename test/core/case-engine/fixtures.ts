import { loadBundleFile } from '../../../sources/load-sources';
import { compileSop, type CompiledSop } from '../../../rules/compiler/compile-sop';
import { openCase, type CaseState } from '../../../rules/case-engine/index';
import { caseFacts, type CaseFactsInput } from '../../../rules/schema/case-facts';
import { parseLocalDateTime } from '../../../rules/scenarios/scenario-time';

export const punjabBundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');

export const theftInCustody: CaseFactsInput = {
  province: 'punjab',
  district: 'lahore',
  policeStation: 'model-town',
  fir: { number: '77', year: 2026 },
  offence: { class: 'theft' },
  accused: { inCustody: true },
};

export const firAt = parseLocalDateTime('2026-03-02T10:00');
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export function compilePunjab(facts: CaseFactsInput = theftInCustody): Promise<CompiledSop> {
  return compileSop(punjabBundle, caseFacts.parse(facts));
}

/** A case opened under `sop` (compiled for the same facts) at the fixture's FIR time. */
export async function openState(sop: CompiledSop, facts: CaseFactsInput = theftInCustody, at: number = firAt): Promise<CaseState> {
  return (await openCase(sop, caseFacts.parse(facts), at)).state;
}
