// json-rules-engine conditions and gate rules compiled once into plain synchronous closures. json-rules-engine
// stays the reference semantics (rules-engine.ts; a differential property test holds the two together): the
// same operators with the same fact-value validators, every leaf of a condition evaluated (its boolean
// conditions have no priorities, so the engine never short-circuits), facts read under the almanac's dotted
// names, and the same explanation (the comparisons comparisonsOf takes from the engine's results).
import type { CaseFacts } from '../schema/case-facts';
import type { Condition, GateRule, OperatorName, TopLevelCondition } from '../schema/conditions';
import type { ComparisonExplanation } from '../explain/condition-explanation';
import type { ConditionResult, RuleOutcome } from './rules-engine';

type Operator = (factValue: unknown, value: unknown) => boolean;

// json-rules-engine's engine-default-operators.js, operand for operand (the library's own code does no more).
const isNumeric = (v: unknown): boolean => Number.parseFloat(v as string).toString() !== 'NaN';
const indexOf = (list: unknown, item: unknown): number => (list as { indexOf(x: unknown): number }).indexOf(item);
const OPERATORS: Record<OperatorName, Operator> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => indexOf(b, a) > -1,
  notIn: (a, b) => indexOf(b, a) === -1,
  contains: (a, b) => Array.isArray(a) && indexOf(a, b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && indexOf(a, b) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumeric(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= (b as number),
  // sopflow's named operators, as rules-engine.ts registers them.
  isNotEmpty: (a) => Array.isArray(a) && a.length > 0,
  isEmpty: (a) => !Array.isArray(a) || a.length === 0,
};

type FactReader = (facts: CaseFacts) => unknown;

/** A fact as the almanac exposes it (see almanacFacts): a dotted path through plain objects only. */
function factReader(name: string): FactReader {
  const parts = name.split('.');
  return (facts) => {
    let current: unknown = facts;
    for (const part of parts) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
}

/** A deep copy of a JSON value, keeping `undefined` members: explanations end up inside case states. */
function copyValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyValue(v);
  return out as T;
}

interface Node {
  /** Whether the condition holds. */
  test(facts: CaseFacts): boolean;
  /** Whether it holds, with the comparisons made, in the order comparisonsOf lists them. */
  explain(facts: CaseFacts, out: ComparisonExplanation[]): boolean;
}

function compileNode(condition: Condition, where: string): Node {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const children = (isAll ? (condition).all : (condition).any).map((c, i) => compileNode(c, `${where}.${isAll ? 'all' : 'any'}[${i}]`));
    // Every child is evaluated (no short-circuit), as the engine does within one priority set.
    return {
      test(facts) {
        let result = isAll;
        for (const child of children) {
          const r = child.test(facts);
          result = isAll ? result && r : result || r;
        }
        return children.length === 0 ? true : result;
      },
      explain(facts, out) {
        let result = isAll;
        for (const child of children) {
          const r = child.explain(facts, out);
          result = isAll ? result && r : result || r;
        }
        return children.length === 0 ? true : result;
      },
    };
  }
  if ('not' in condition) {
    const child = compileNode(condition.not, `${where}.not`);
    return { test: (facts) => !child.test(facts), explain: (facts, out) => !child.explain(facts, out) };
  }
  if (condition.path !== undefined) throw new Error(`${where}: the compiled core does not read a fact's "path" (no SOP uses one); name the nested fact with a dotted name instead`);
  const op = OPERATORS[condition.operator];
  const read = factReader(condition.fact);
  const raw = condition.value;
  // A value {fact: …} is read from the facts, as the engine's almanac.getValue does.
  const valueFact = raw !== null && typeof raw === 'object' && Object.prototype.hasOwnProperty.call(raw, 'fact') ? factReader(String((raw as { fact: unknown }).fact)) : undefined;
  const { fact, operator } = condition;
  return {
    test: (facts) => op(read(facts), valueFact ? valueFact(facts) : raw),
    explain(facts, out) {
      const factValue = read(facts);
      const result = op(factValue, valueFact ? valueFact(facts) : raw);
      out.push({ fact, operator, value: copyValue(raw), factValue: copyValue(factValue), result });
      return result;
    },
  };
}

export interface CompiledCondition {
  /** Whether the condition holds for these facts (no explanation built). */
  matches(facts: CaseFacts): boolean;
  /** The result json-rules-engine gives (ConditionEvaluator), explanation included. */
  evaluate(facts: CaseFacts): ConditionResult;
}

export function compileCondition(condition: TopLevelCondition, where = 'condition'): CompiledCondition {
  const node = compileNode(condition, where);
  return {
    matches: (facts) => node.test(facts),
    evaluate(facts) {
      const comparisons: ComparisonExplanation[] = [];
      const matched = node.explain(facts, comparisons);
      return { matched, comparisons };
    },
  };
}

export interface CompiledGate {
  /** The outcomes json-rules-engine gives (GateEvaluator): fired rules first, each group in priority order. */
  evaluate(facts: CaseFacts): RuleOutcome[];
}

export function compileGate(rules: readonly GateRule[], where = 'gate'): CompiledGate {
  // The priorities GateEvaluator gives (the pack's order unless a rule names one); the engine runs priority
  // sets in descending order and records results as they finish.
  const compiled = rules
    .map((rule, i) => ({ rule, priority: rule.priority ?? rules.length - i, i, node: compileNode(rule.conditions, `${where}.rules[${i}]`) }))
    .sort((a, b) => b.priority - a.priority || a.i - b.i);
  return {
    evaluate(facts) {
      const fired: RuleOutcome[] = [];
      const quiet: RuleOutcome[] = [];
      for (const { rule, node } of compiled) {
        const comparisons: ComparisonExplanation[] = [];
        if (node.explain(facts, comparisons)) fired.push({ rule: rule.name, fired: true, comparisons, objection: { ...rule.event.params } });
        else quiet.push({ rule: rule.name, fired: false, comparisons });
      }
      return fired.concat(quiet);
    },
  };
}
