import { loadBundleFile } from '../../../sources/load-sources';
import { compileSop, type CompiledSop } from '../../../rules/compiler/compile-sop';
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
