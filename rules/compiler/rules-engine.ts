// json-rules-engine as sopflow uses it: case facts exposed under dotted names, sopflow's named operators
// registered, and results turned into explanations.
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { CaseFacts } from '../schema/case-facts';
import type { GateRule, TopLevelCondition } from '../schema/conditions';
// A gate's outcomes and their objections live apart (rule-outcomes.ts): the engine reads them in every case workflow
// without evaluating json-rules-engine, which only the compiler and the reference evaluators here need.
export { objectionsOf, type RuleOutcome } from './rule-outcomes';
import { comparisonsOf, type ComparisonExplanation } from '../explain/condition-explanation';
import type { RuleOutcome } from './rule-outcomes';

function newEngine(): Engine {
  // Undefined facts evaluate as undefined rather than throwing: optional facts are normal in a case file.
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('isNotEmpty', (factValue: unknown) => Array.isArray(factValue) && factValue.length > 0);
  engine.addOperator('isEmpty', (factValue: unknown) => !Array.isArray(factValue) || factValue.length === 0);
  return engine;
}

/** Every object and leaf of the facts under its dotted path: `offence.class`, `accused.inCustody`, … */
export function almanacFacts(facts: CaseFacts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string): void => {
    if (prefix) out[prefix] = value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, prefix ? `${prefix}.${k}` : k);
    }
  };
  walk(facts, '');
  return out;
}

export interface ConditionResult {
  matched: boolean;
  comparisons: ComparisonExplanation[];
}

/** Evaluates one json-rules-engine condition (appliesWhen, a trigger's when, an overlay's match). */
export class ConditionEvaluator {
  private readonly engine = newEngine();

  constructor(condition: TopLevelCondition) {
    this.engine.addRule({ name: 'condition', conditions: condition, event: { type: 'matched' } } as RuleProperties);
  }

  async evaluate(facts: CaseFacts): Promise<ConditionResult> {
    const { results, failureResults } = await this.engine.run(almanacFacts(facts));
    const rule = results[0] ?? failureResults[0];
    return { matched: results.length > 0, comparisons: comparisonsOf(rule?.conditions) };
  }
}

/** Runs a gate's rules; a rule that fires has found a defect. */
export class GateEvaluator {
  private readonly engine = newEngine();

  constructor(rules: readonly GateRule[]) {
    rules.forEach((rule, i) => {
      // Priorities keep the json-rules-engine evaluation order equal to the pack's order.
      this.engine.addRule({ ...rule, priority: rule.priority ?? rules.length - i } as RuleProperties);
    });
  }

  async evaluate(facts: CaseFacts): Promise<RuleOutcome[]> {
    const { results, failureResults } = await this.engine.run(almanacFacts(facts));
    const outcome = (fired: boolean) => (r: (typeof results)[number]): RuleOutcome => {
      const params = r.event?.params as { code: string; message: string } | undefined;
      return { rule: r.name, fired, comparisons: comparisonsOf(r.conditions), ...(fired && params ? { objection: params } : {}) };
    };
    return [...results.map(outcome(true)), ...failureResults.map(outcome(false))];
  }
}
