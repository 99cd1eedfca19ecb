// What a gate's rules found, and the objections among it. Apart from rules-engine.ts (json-rules-engine itself) so
// that the case engine, which runs in every case workflow, reads outcomes without evaluating the library.
import type { ComparisonExplanation } from '../explain/condition-explanation';

export interface RuleOutcome {
  rule: string;
  fired: boolean;
  comparisons: ComparisonExplanation[];
  objection?: { code: string; message: string };
}

/** The objections a gate's evaluation raised: one per rule that fired. */
export function objectionsOf(outcomes: readonly RuleOutcome[]): { rule: string; code: string; message: string }[] {
  return outcomes.flatMap((r) => (r.fired && r.objection ? [{ rule: r.rule, ...r.objection }] : []));
}
