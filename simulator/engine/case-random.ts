// Per-case randomness: each case's generator is derived from (seed, case index) alone, so how cases are split
// across threads or batches can never change what any case draws.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { DaysDistribution } from '../cohort/cohort-spec';
import { mix32 } from './mix32';

const Z90 = 1.2815515655446004; // standard normal 90th percentile

export class CaseRandom {
  private readonly rng: RandomGenerator;

  /** The state words are (seed-derived, seed-derived, index, index-derived): distinct indices never share a stream. */
  constructor(seed: number, index: number, stream = 0) {
    this.rng = xoroshiro128plusFromState([mix32(seed), mix32(seed ^ 0x5bd1e995 ^ stream), index | 0, mix32(index ^ 0x27d4eb2f) | 1]);
  }

  uniform(): number {
    return uniformFloat64(this.rng);
  }

  chance(p: number): boolean {
    return this.uniform() < p;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A key drawn in proportion to its weight; keys are taken in sorted order so YAML order does not matter. */
  pick<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = (Object.keys(weights) as K[]).sort();
    const total = keys.reduce((s, k) => s + weights[k], 0);
    let u = this.uniform() * total;
    for (const k of keys) {
      u -= weights[k];
      if (u < 0) return k;
    }
    return keys.filter((k) => weights[k] > 0).pop()!;
  }

  /** Days drawn from the spec's distribution (log-normal from median and p90, or fixed). */
  days(d: DaysDistribution): number {
    if ('fixed' in d) return d.fixed;
    const sigma = d.p90 > d.median ? Math.log(d.p90 / d.median) / Z90 : 0;
    // Box–Muller; 1 - u keeps the logarithm finite.
    const normal = Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
    return d.median * Math.exp(sigma * normal);
  }
}
