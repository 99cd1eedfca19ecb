// Differential: the compiled core against its reference semantics. Every condition and gate of every shipped
// pack and overlay, compiled to closures, gives exactly what json-rules-engine gives (matched, fired rules,
// objections, comparisons with fact values, undefined kept) on any facts, as do random condition trees over
// every operator; `explain` says the same as it does with json-rules-engine's answers; the transition table
// is xstate's transition() for every stage, event and gate verdict; and random event sequences through the
// core move stages as xstate does and record the gate outcomes json-rules-engine gives.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { compileCondition, compileGate } from '../../rules/compiler/compiled-condition';
import { ConditionEvaluator, GateEvaluator } from '../../rules/compiler/rules-engine';
import { compileSopSync } from '../../rules/compiler/compile-sop';
import { explainFactsSync, formatFactsExplanation, type FactsExplanation } from '../../rules/explain/explain-facts';
import { allowedEvents, applyEventSync, openCaseSync, prepareCaseSync, type CaseState } from '../../rules/case-engine/index';
import { caseFacts, type CaseFacts } from '../../rules/schema/case-facts';
import type { Condition, GateRule, OperatorName, TopLevelCondition } from '../../rules/schema/conditions';
import { operatorNames } from '../../rules/schema/conditions';
import type { SopBundle } from '../../rules/loader/load-sop';

const root = path.resolve(import.meta.dirname, '../..');
const bundles: { name: string; bundle: SopBundle }[] = ['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'].flatMap((p) =>
  fs
    .readdirSync(path.join(root, 'sop-definitions', p))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: `${p}/${f}`, bundle: loadBundleFile(path.join(root, 'sop-definitions', p, f)) })),
);

const conditions: { name: string; condition: TopLevelCondition }[] = [];
const gates: { name: string; rules: GateRule[] }[] = [];
for (const { name, bundle } of bundles) {
  const { pack, overlays } = bundle;
  for (const gate of [...pack.gates, ...overlays.flatMap((o) => o.gates)]) gates.push({ name: `${name} gate ${gate.id}`, rules: gate.rules });
  for (const overlay of overlays) conditions.push({ name: `${name} overlay ${overlay.id}`, condition: overlay.match });
  for (const clock of [...pack.clocks, ...overlays.flatMap((o) => o.clocks)]) {
    if (clock.appliesWhen) conditions.push({ name: `${name} clock ${clock.id} appliesWhen`, condition: clock.appliesWhen });
    for (const trigger of [...clock.start, ...clock.stop, ...clock.cancel, ...clock.pause, ...clock.resume]) {
      if ('when' in trigger && trigger.when) conditions.push({ name: `${name} clock ${clock.id} trigger when`, condition: trigger.when });
    }
  }
}

// Every fact the packs compare and every value they compare it with, plus values no pack names.
const leaves: { fact: string; value: unknown }[] = [];
const walk = (c: Condition): void => {
  if ('all' in c) c.all.forEach(walk);
  else if ('any' in c) c.any.forEach(walk);
  else if ('not' in c) walk(c.not);
  else leaves.push({ fact: c.fact, value: c.value });
};
for (const { condition } of conditions) walk(condition);
for (const { rules } of gates) for (const r of rules) walk(r.conditions);
const factNames = [...new Set([...leaves.map((l) => l.fact), 'offence', 'accused', 'no.such.fact', 'challan.documents.0'])];
const packValues = leaves.map((l) => l.value).filter((v) => v !== undefined);
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...packValues),
  fc.constantFrom(undefined, null, 0, 1, 7, -3, '', 'x', '12', true, false),
  fc.array(fc.constantFrom(...packValues.filter((v) => typeof v === 'string'), 'other'), { maxLength: 4 }),
);

/** Facts as any host could hand them (not only valid ones): a random value at some of the named facts. */
const looseFactsArb: fc.Arbitrary<CaseFacts> = fc.array(fc.tuple(fc.constantFrom(...factNames), valueArb), { maxLength: 14 }).map((entries) => {
  const facts: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    const parts = name.split('.');
    let at: Record<string, unknown> = facts;
    for (const part of parts.slice(0, -1)) {
      if (at[part] === null || typeof at[part] !== 'object' || Array.isArray(at[part])) at[part] = {};
      at = at[part] as Record<string, unknown>;
    }
    at[parts.at(-1)!] = value;
  }
  return facts as unknown as CaseFacts;
});

const classes = [...new Set(bundles.flatMap((b) => b.bundle.pack.offenceClasses.map((c) => c.id)))];
const documents = [...new Set(bundles.flatMap((b) => b.bundle.pack.documents.map((d) => d.id)))];
const validFactsArb: fc.Arbitrary<CaseFacts> = fc
  .record({
    province: fc.constantFrom('punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan'),
    offenceClass: fc.constantFrom(...classes),
    flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
    accused: fc.record({ inCustody: fc.boolean(), sex: fc.constantFrom('male', 'female', 'transgender'), juvenile: fc.boolean(), s497Exception: fc.boolean() }),
    documents: fc.subarray(documents),
    objections: fc.array(fc.constantFrom('unsigned statement', 'wrong section'), { maxLength: 2 }),
    outcome: fc.constantFrom('pending', 'conviction', 'acquittal'),
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
    }),
  );
const factsArb = fc.oneof(validFactsArb, looseFactsArb);

/** The outcome, or the error's presence: an operator given a value it cannot read throws in both. */
async function settle<T>(run: () => T | Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await run() };
  } catch {
    return { ok: false };
  }
}

const leafArb: fc.Arbitrary<Condition> = fc.record({
  fact: fc.constantFrom(...factNames),
  operator: fc.constantFrom(...(operatorNames as readonly OperatorName[])),
  value: fc.oneof({ weight: 4, arbitrary: valueArb }, { weight: 1, arbitrary: fc.constantFrom(...factNames).map((fact) => ({ fact })) }),
});
const { tree } = fc.letrec<{ tree: Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ not: tie('tree') }),
  ),
}));
const topArb: fc.Arbitrary<TopLevelCondition> = fc.oneof(
  fc.record({ all: fc.array(tree, { maxLength: 4 }) }),
  fc.record({ any: fc.array(tree, { maxLength: 4 }) }),
  fc.record({ not: tree }),
);

/** What explain says when every answer comes from json-rules-engine itself. */
async function referenceExplanation(bundle: SopBundle, facts: CaseFacts): Promise<FactsExplanation> {
  const compiled = explainFactsSync(bundle, facts);
  const sop = compileSopSync(bundle, facts);
  const overlays = await Promise.all(
    bundle.overlays.map(async (o) => {
      const r = await new ConditionEvaluator(o.match).evaluate(facts);
      return { id: o.id, law: o.law, applied: r.matched && o.provinces.includes(bundle.pack.province), comparisons: r.comparisons };
    }),
  );
  const clocks = await Promise.all(
    sop.clocks.map(async (c, i) => {
      const r = c.appliesWhen ? await new ConditionEvaluator(c.appliesWhen).evaluate(facts) : { matched: true, comparisons: [] };
      return { ...compiled.clocks[i]!, applies: r.matched, comparisons: r.comparisons };
    }),
  );
  const gateRows = await Promise.all(
    sop.gates.map(async (g, i) => {
      const rules = await new GateEvaluator(g.rules).evaluate(facts);
      const objections = rules.filter((r) => r.fired && r.objection).map((r) => r.objection!.code);
      return { ...compiled.gates[i]!, passed: objections.length === 0, objections, rules };
    }),
  );
  return { ...compiled, overlays, clocks, gates: gateRows };
}

describe('compiled core against json-rules-engine and xstate', () => {
  it(`conditions and gates of every shipped pack and overlay (${conditions.length} conditions, ${gates.length} gates) equal json-rules-engine on any facts (property)`, async () => {
    expect(conditions.length).toBeGreaterThan(30);
    const pairs: { name: string; compiled: { evaluate(f: CaseFacts): unknown }; reference: { evaluate(f: CaseFacts): Promise<unknown> } }[] = [
      ...conditions.map(({ name, condition }) => ({ name, compiled: compileCondition(condition), reference: new ConditionEvaluator(condition) })),
      ...gates.map(({ name, rules }) => ({ name, compiled: compileGate(rules), reference: new GateEvaluator(rules) })),
    ];
    const matchers = conditions.map(({ condition }) => compileCondition(condition));
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        for (const [i, pair] of pairs.entries()) {
          const expected = await settle(() => pair.reference.evaluate(facts));
          const actual = await settle(() => pair.compiled.evaluate(facts));
          expect(actual, pair.name).toStrictEqual(expected);
          if (i < matchers.length && expected.ok) expect(matchers[i]!.matches(facts), pair.name).toBe((expected.value as { matched: boolean }).matched);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('random condition trees over every operator equal json-rules-engine, errors included (property)', async () => {
    await fc.assert(
      fc.asyncProperty(topArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), async (condition, factsList) => {
        const compiled = compileCondition(condition);
        const reference = new ConditionEvaluator(condition);
        for (const facts of factsList) {
          const expected = await settle(() => reference.evaluate(facts));
          expect(await settle(() => compiled.evaluate(facts))).toStrictEqual(expected);
          if (expected.ok) expect(compiled.matches(facts)).toBe(expected.value.matched);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('explain gives the same explanation, object and text, as with json-rules-engine answers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(validFactsArb, fc.constantFrom(...bundles), async (facts, { bundle }) => {
        const expected = await referenceExplanation(bundle, facts);
        const actual = explainFactsSync(bundle, facts);
        expect(actual).toStrictEqual(expected);
        expect(formatFactsExplanation(actual)).toBe(formatFactsExplanation(expected));
      }),
      { numRuns: 60 },
    );
  });

  it('the transition table is xstate for every stage, event type and gate verdict of every pack', () => {
    for (const { name, bundle } of bundles) {
      const facts = caseFacts.parse({ province: bundle.pack.province, district: 'd', policeStation: 'p', fir: { number: '1', year: 2026 }, offence: { class: bundle.pack.offenceClasses[0]!.id } });
      const sop = compileSopSync(bundle, facts);
      for (const stage of bundle.pack.stages) {
        for (const type of ['FIR_REGISTERED', 'NOT_AN_EVENT', ...bundle.pack.events.map((e) => e.type)]) {
          for (const gatePassed of [undefined, true, false]) {
            const event = { type, ...(gatePassed === undefined ? {} : { gatePassed }) };
            const [next] = transition(sop.machine, sop.machine.resolveState({ value: stage.id, context: {} }), event);
            expect(sop.transitions.step(stage.id, type, gatePassed), `${name} ${stage.id} ${type} ${String(gatePassed)}`).toStrictEqual({ status: next.status, value: next.value });
          }
        }
      }
    }
  });

  it('random event sequences move stages as xstate does and record the gate outcomes json-rules-engine gives (property)', async () => {
    const DAY = 86_400_000;
    const t0 = Date.parse('2026-03-02T10:00:00+05:00');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bundles),
        validFactsArb,
        fc.array(fc.record({ pick: fc.nat(), days: fc.integer({ min: 0, max: 20 }), docs: fc.option(fc.subarray(documents), { nil: undefined }) }), { minLength: 1, maxLength: 25 }),
        async ({ bundle }, drawn, steps) => {
          const prepared = prepareCaseSync(bundle, { ...drawn, province: bundle.pack.province, offence: { ...drawn.offence, class: bundle.pack.offenceClasses[0]!.id } });
          let sop = prepared.sop;
          let state: CaseState = openCaseSync(sop, prepared.facts, t0).state;
          let at = t0;
          for (const [k, step] of steps.entries()) {
            const types = allowedEvents(sop, state).filter((t) => bundle.pack.events.some((e) => e.type === t));
            if (types.length === 0) break;
            const type = types[step.pick % types.length]!;
            at += step.days * DAY;
            const before = state;
            const outcome = applyEventSync(sop, before, { id: `e${k}`, type, at, ...(step.docs ? { facts: { challan: { documents: step.docs } } } : {}) });
            if (outcome.status !== 'applied') continue;
            const newGates = outcome.state.gateResults.slice(before.gateResults.length);
            const gatesHere = sop.gates.filter((g) => g.at.stage === before.stage && g.at.event === type);
            expect(newGates.map((g) => g.gateId)).toStrictEqual(gatesHere.map((g) => g.id));
            for (const [i, gate] of gatesHere.entries()) {
              const rules = await new GateEvaluator(gate.rules).evaluate(outcome.state.facts);
              expect(newGates[i]!.rules).toStrictEqual(JSON.parse(JSON.stringify(rules)) as unknown);
            }
            const gatePassed = gatesHere.length > 0 ? newGates.every((g) => g.passed) : undefined;
            const [next] = transition(sop.machine, sop.machine.resolveState({ value: before.stage, context: {} }), { type, ...(gatePassed === undefined ? {} : { gatePassed }) });
            expect(outcome.state.stage).toBe(next.value);
            state = outcome.state;
            sop = outcome.sop;
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
