// json-rules-engine results remembered by the values of the facts the rules read. A gate or condition's result
// (fired rules, comparisons, fact values) is a function of those values alone — the engine's operators are
// pure and nothing else reaches a rule — so cases with the same relevant facts share one evaluation. A
// differential property test checks the results against json-rules-engine itself.
import type { CaseFacts } from '../schema/case-facts';

export interface FactsEvaluator<R> {
  evaluate(facts: CaseFacts): Promise<R>;
}

/** Dotted fact names a json-rules-engine condition tree reads (as a comparison's fact, or as a value `{ fact }`). */
export function referencedFacts(conditions: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'fact' && typeof value === 'string') names.add(value);
        else walk(value);
      }
    }
  };
  walk(conditions);
  return [...names].sort();
}

/** A fact's value as the almanac exposes it (see almanacFacts): dotted paths through plain objects only. */
function factAt(facts: unknown, name: string): unknown {
  let current: unknown = facts;
  for (const part of name.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A deep copy that keeps `undefined` members (results carry `factValue: undefined` for absent facts). */
function copyResult<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyResult) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyResult(v);
    return out as T;
  }
  return value;
}

const MAX_REMEMBERED = 4_096;

export class MemoisedEvaluator<R> implements FactsEvaluator<R> {
  private readonly results = new Map<string, R>();

  constructor(
    private readonly inner: FactsEvaluator<R>,
    private readonly facts: readonly string[],
  ) {}

  private signature(facts: CaseFacts): string {
    let key = '';
    for (const name of this.facts) {
      const value = factAt(facts, name);
      key += value === undefined ? '\u0001u' : `\u0001j${JSON.stringify(value)}`;
    }
    return key;
  }

  async evaluate(facts: CaseFacts): Promise<R> {
    const key = this.signature(facts);
    const known = this.results.get(key);
    // Each caller gets its own copy: results end up inside case states.
    if (known !== undefined) return copyResult(known);
    const result = await this.inner.evaluate(facts);
    if (this.results.size >= MAX_REMEMBERED) this.results.clear(); // bounded memory; results are recomputable
    this.results.set(key, copyResult(result));
    return result;
  }
}
