// What a condition compared: taken from json-rules-engine's own evaluation results.
export interface ComparisonExplanation {
  fact: string;
  operator: string;
  value: unknown;
  /** The fact's value at evaluation time; absent when the engine short-circuited before reaching it. */
  factValue?: unknown;
  result?: boolean;
}

interface EvaluatedCondition {
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  result?: boolean;
  all?: EvaluatedCondition[];
  any?: EvaluatedCondition[];
  not?: EvaluatedCondition;
}

/** Flattens an evaluated condition tree into the comparisons it made. */
export function comparisonsOf(condition: unknown): ComparisonExplanation[] {
  const out: ComparisonExplanation[] = [];
  const walk = (c: EvaluatedCondition | undefined): void => {
    if (!c) return;
    if (c.all) c.all.forEach(walk);
    else if (c.any) c.any.forEach(walk);
    else if (c.not) walk(c.not);
    else if (c.fact !== undefined && c.operator !== undefined) {
      out.push({
        fact: c.fact,
        operator: c.operator,
        value: c.value,
        ...('factResult' in c ? { factValue: c.factResult } : {}),
        ...(c.result !== undefined ? { result: c.result } : {}),
      });
    }
  };
  walk(condition as EvaluatedCondition);
  return out;
}
