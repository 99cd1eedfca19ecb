// `explain`: for a case's facts, which overlays apply and why, which clocks would run (and which a special
// law suspends), and what the gates find — each with the comparisons json-rules-engine made.
import { compileSopSync } from '../compiler/compile-sop';
import type { SopBundle } from '../loader/load-sop';
import type { CaseFacts } from '../schema/case-facts';
import type { Citation } from '../schema/common';
import type { ComparisonExplanation } from './condition-explanation';
import { objectionsOf, type RuleOutcome } from '../compiler/rule-outcomes';

export interface FactsExplanation {
  sopHash: string;
  caseSopHash: string;
  overlays: { id: string; law: string; applied: boolean; comparisons: ComparisonExplanation[] }[];
  clocks: { id: string; label: string; source: string; citation: Citation; applies: boolean; comparisons: ComparisonExplanation[]; tightenedBy: string[] }[];
  suspended: { clock: string; overlay: string; citation: Citation }[];
  gates: { id: string; at: string; source: string; citation: Citation; passed: boolean; objections: string[]; rules: RuleOutcome[] }[];
}

export function explainFacts(bundle: SopBundle, facts: CaseFacts): Promise<FactsExplanation> {
  return Promise.resolve(explainFactsSync(bundle, facts));
}

export function explainFactsSync(bundle: SopBundle, facts: CaseFacts): FactsExplanation {
  const sop = compileSopSync(bundle, facts);
  const clocks: FactsExplanation['clocks'] = [];
  for (const c of sop.clocks) {
    const evaluation = c.appliesWhen ? sop.evaluators.condition(c.appliesWhen).evaluate(facts) : { matched: true, comparisons: [] };
    clocks.push({
      id: c.id,
      label: c.label,
      source: c.source,
      citation: c.citation,
      applies: evaluation.matched,
      comparisons: evaluation.comparisons,
      tightenedBy: c.tightenedBy.map((t) => t.overlay),
    });
  }
  const gates: FactsExplanation['gates'] = [];
  for (const g of sop.gates) {
    const rules = sop.evaluators.gate(g.id).evaluate(facts);
    const objections = objectionsOf(rules).map((o) => o.code);
    gates.push({ id: g.id, at: `${g.at.stage} on ${g.at.event}`, source: g.source, citation: g.citation, passed: objections.length === 0, objections, rules });
  }
  return {
    sopHash: sop.sopHash,
    caseSopHash: sop.caseSopHash,
    overlays: sop.overlays.map((o) => ({ id: o.id, law: o.law, applied: o.applied, comparisons: o.comparisons })),
    clocks,
    suspended: sop.suspendedClocks,
    gates,
  };
}

const compare = (c: ComparisonExplanation): string =>
  `${c.fact} ${c.operator} ${JSON.stringify(c.value)} (was ${c.factValue === undefined ? 'not evaluated' : JSON.stringify(c.factValue)}) → ${c.result === undefined ? '?' : c.result}`;

export function formatFactsExplanation(x: FactsExplanation): string {
  const lines = [`SOP ${x.sopHash}`, `for this case ${x.caseSopHash}`, '', 'Overlays:'];
  for (const o of x.overlays) {
    lines.push(`  ${o.applied ? '✓ applies' : '✗ does not apply'}  ${o.id} (${o.law})`);
    for (const c of o.comparisons) lines.push(`      ${compare(c)}`);
  }
  lines.push('', 'Clocks:');
  for (const c of x.clocks) {
    const cite = `${c.citation.law} ${c.citation.section}${c.citation.verified ? '' : ' — UNVERIFIED'}`;
    lines.push(`  ${c.applies ? '✓' : '✗'} ${c.id} [${c.source}${c.tightenedBy.length ? `, tightened by ${c.tightenedBy.join(', ')}` : ''}]: ${c.label} (${cite})`);
    for (const cmp of c.comparisons) lines.push(`      ${compare(cmp)}`);
  }
  for (const s of x.suspended) lines.push(`  – ${s.clock} suspended by ${s.overlay} (${s.citation.law} ${s.citation.section})`);
  lines.push('', 'Gates (evaluated on these facts):');
  for (const g of x.gates) {
    lines.push(`  ${g.passed ? '✓ passes' : '✗ fails'}  ${g.id} at ${g.at} [${g.source}] (${g.citation.law} ${g.citation.section})`);
    for (const r of g.rules.filter((r) => r.fired)) {
      lines.push(`      objection ${r.objection?.code}: ${r.objection?.message}`);
      for (const c of r.comparisons) lines.push(`          ${compare(c)}`);
    }
  }
  return lines.join('\n');
}
