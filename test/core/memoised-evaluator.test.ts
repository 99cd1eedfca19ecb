// Differential: gates and conditions evaluated through the memo give exactly what json-rules-engine gives
// (fired rules, objections, comparisons with fact values, undefined kept), for any case facts, whether the
// answer was computed now or remembered from an earlier case with the same relevant facts.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { MemoisedEvaluator, referencedFacts, type FactsEvaluator } from '../../rules/compiler/memoised-evaluator';
import { ConditionEvaluator, GateEvaluator } from '../../rules/compiler/rules-engine';
import { caseFacts, type CaseFacts } from '../../rules/schema/case-facts';
import type { TopLevelCondition } from '../../rules/schema/conditions';

const root = path.resolve(import.meta.dirname, '../..');
const bundles = ['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'].flatMap((p) =>
  fs
    .readdirSync(path.join(root, 'sop-definitions', p))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => loadBundleFile(path.join(root, 'sop-definitions', p, f))),
);

interface Pair {
  name: string;
  plain: FactsEvaluator<unknown>;
  memoised: FactsEvaluator<unknown>;
}

const pairs: Pair[] = [];
const conditionPair = (name: string, condition: TopLevelCondition): Pair => ({
  name,
  plain: new ConditionEvaluator(condition),
  memoised: new MemoisedEvaluator(new ConditionEvaluator(condition), referencedFacts(condition)),
});
for (const { pack, overlays } of bundles) {
  const at = `${pack.province}-${pack.version}`;
  for (const gate of [...pack.gates, ...overlays.flatMap((o) => o.gates)]) {
    pairs.push({
      name: `${at} gate ${gate.id}`,
      plain: new GateEvaluator(gate.rules),
      memoised: new MemoisedEvaluator(new GateEvaluator(gate.rules), referencedFacts(gate.rules.map((r) => r.conditions))),
    });
  }
  for (const overlay of overlays) pairs.push(conditionPair(`${at} overlay ${overlay.id}`, overlay.match));
  for (const clock of [...pack.clocks, ...overlays.flatMap((o) => o.clocks)]) {
    if (clock.appliesWhen) pairs.push(conditionPair(`${at} clock ${clock.id} appliesWhen`, clock.appliesWhen));
    for (const trigger of [...clock.start, ...clock.stop]) if ('when' in trigger && trigger.when) pairs.push(conditionPair(`${at} clock ${clock.id} when`, trigger.when));
  }
}

const classes = [...new Set(bundles.flatMap((b) => b.pack.offenceClasses.map((c) => c.id)))];
const documents = [...new Set(bundles.flatMap((b) => b.pack.documents.map((d) => d.id)))];

// Small value spaces on purpose: many cases share their relevant facts, so the memo answers often.
const factsArb: fc.Arbitrary<CaseFacts> = fc
  .record({
    province: fc.constantFrom('punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'),
    offenceClass: fc.constantFrom(...classes),
    flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
    accused: fc.record({ inCustody: fc.boolean(), sex: fc.constantFrom('male', 'female', 'transgender'), juvenile: fc.boolean(), s497Exception: fc.boolean() }),
    documents: fc.subarray(documents),
    objections: fc.array(fc.constantFrom('unsigned statement', 'wrong section'), { maxLength: 2 }),
    outcome: fc.constantFrom('pending', 'conviction', 'acquittal'),
    cureDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  })
  .map((f) =>
    caseFacts.parse({
      province: f.province,
      district: 'd',
      policeStation: 'ps',
      fir: { number: '1', year: 2026 },
      offence: { class: f.offenceClass, punishableWithDeath: f.flags[0], terrorism: f.flags[1], scheduledSexualOffence: f.flags[2], narcotics: f.flags[3], heinous: f.flags[4] },
      accused: f.accused,
      challan: { documents: f.documents },
      scrutiny: { objections: f.objections },
      judgment: { outcome: f.outcome },
      ...(f.cureDays === undefined ? {} : { cureDays: f.cureDays }),
    }),
  );

describe('memoised json-rules-engine evaluation', () => {
  it('reads every fact its rules name', () => {
    expect(referencedFacts({ all: [{ fact: 'a.b', operator: 'equal', value: 1 }, { any: [{ fact: 'c', operator: 'in', value: { fact: 'd' } }] }] })).toEqual(['a.b', 'c', 'd']);
  });

  it(`equals json-rules-engine itself for ${pairs.length} gates and conditions of every pack, on any facts (property)`, async () => {
    expect(pairs.length).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        for (const pair of pairs) {
          const expected = await pair.plain.evaluate(facts);
          const first = await pair.memoised.evaluate(facts);
          const again = await pair.memoised.evaluate(structuredClone(facts));
          expect(first, pair.name).toStrictEqual(expected);
          expect(again, pair.name).toStrictEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives each caller its own copy of a remembered result', async () => {
    const pair = pairs.find((p) => p.name.includes('gate'))!;
    const facts = caseFacts.parse({ province: 'punjab', district: 'd', policeStation: 'p', fir: { number: '1', year: 2026 }, offence: { class: 'theft' } });
    const a = (await pair.memoised.evaluate(facts)) as { rule: string }[];
    a[0]!.rule = 'tampered';
    const b = (await pair.memoised.evaluate(facts)) as { rule: string }[];
    expect(b[0]!.rule).not.toBe('tampered');
  });
});
