// Draws one case's facts at FIR from the cohort spec: offence, custody, special-law flags, the accused.
import type { CaseFactsInput } from '../../rules/schema/case-facts';
import type { CohortSpec } from '../cohort/cohort-spec';
import type { CaseRandom } from './case-random';

export function drawCaseFacts(spec: CohortSpec, random: CaseRandom, district: { id: string; policeStations: number }, index: number, year: number): CaseFactsInput {
  const offenceClass = random.pick(spec.offenceMix);
  const laws = spec.specialLaw;
  return {
    province: spec.province,
    district: district.id,
    policeStation: `${district.id}-ps-${1 + Math.floor(random.uniform() * district.policeStations)}`,
    fir: { number: String(index + 1), year },
    offence: {
      class: offenceClass,
      punishableWithDeath: random.chance(spec.punishableWithDeath[offenceClass] ?? 0),
      terrorism: random.chance(laws.terrorism),
      narcotics: random.chance(laws.narcotics),
      scheduledSexualOffence: random.chance(laws.sexualOffence),
    },
    accused: {
      inCustody: false, // custody begins with the arrest event, which starts the custody clocks
      sex: random.chance(spec.accused.femaleShare) ? 'female' : 'male',
      juvenile: random.chance(laws.juvenile),
      s497Exception: random.chance(spec.accused.s497ExceptionShare),
    },
  };
}
