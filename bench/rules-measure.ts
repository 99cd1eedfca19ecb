// What `npm run bench:rules` measures (bench/rules.ts runs it from a bundle): the Punjab challan gate (8 rules) through json-rules-engine as shipped beside the same
// gate compiled to closures, and the median cost of one event through the compiled core (per-event samples,
// in place as the simulator hosts it, and through the immutable face the workflow uses). Prints figures;
// asserts nothing (benchmarks are not tests).
import { performance } from 'node:perf_hooks';
import { applyEvent, applyEventSync, compileSopSync, openCase, openCaseSync, type CaseState } from '../rules/case-engine/index';
import { GateEvaluator } from '../rules/compiler/rules-engine';
import { caseFacts, type CaseFacts } from '../rules/schema/case-facts';
import { loadBundleFile } from '../sources/load-sources';

const PACK = 'sop-definitions/punjab/punjab-2026.1.yaml';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

// A seeded PRNG so every run evaluates the same cohort of facts.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bundle = loadBundleFile(PACK);
const classes = bundle.pack.offenceClasses.map((o) => o.id).filter((c) => c !== 'terrorism' && c !== 'narcotics' && c !== 'sexual_offence');
const documents = bundle.pack.documents.map((d) => d.id);
const random = mulberry32(42);
const cohort: CaseFacts[] = Array.from({ length: 1000 }, (_, i) =>
  caseFacts.parse({
    province: 'punjab',
    district: 'lahore',
    policeStation: `ps-${i % 40}`,
    fir: { number: String(i), year: 2026 },
    offence: { class: classes[Math.floor(random() * classes.length)] },
    challan: { documents: documents.filter(() => random() < 0.8) },
    scrutiny: { objections: random() < 0.1 ? ['statement of the main witness unsigned'] : [] },
  }),
);

async function timed(label: string, unit: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up: JIT and json-rules-engine's caches
  let n = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  while (performance.now() < until) {
    for (let k = 0; k < 100; k++) await fn(n++);
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(58)} ${Math.round(n / seconds).toLocaleString('en-US').padStart(10)} ${unit}/s  (${n.toLocaleString('en-US')} in ${seconds.toFixed(2)} s)`);
}

const sop = compileSopSync(bundle, cohort[0]!);
const gateSpec = bundle.pack.gates.find((g) => g.id === 'challan-scrutiny')!;
const reference = new GateEvaluator(gateSpec.rules);
const compiled = sop.evaluators.gate('challan-scrutiny');
console.log(`bench:rules — ${PACK}, gate challan-scrutiny (${gateSpec.rules.length} rules), json-rules-engine 7.3.1 as shipped vs compiled, ${SECONDS}s per figure`);
console.log(`node ${process.version}, ${process.arch}`);
let defects = 0;
await timed('gate evaluations (json-rules-engine as shipped, one engine reused)', 'evaluations', async (i) => {
  const outcome = await reference.evaluate(cohort[i % cohort.length]!);
  if (outcome.some((r) => r.fired)) defects++;
});
console.log(`  (${defects.toLocaleString('en-US')} of those found at least one defect)`);
await timed('gate evaluations (compiled closures)', 'evaluations', (i) => Promise.resolve(compiled.evaluate(cohort[i % cohort.length]!)));

await timed('case compilations (overlay matching + machine)', 'compilations', (i) => Promise.resolve(compileSopSync(bundle, cohort[i % cohort.length]!)));

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-02T10:00:00+05:00');
const steps = [
  { type: 'ACCUSED_ARRESTED', at: t0 + 3_600_000, facts: { accused: { inCustody: true } } },
  { type: 'PRODUCED_BEFORE_MAGISTRATE', at: t0 + 20 * 3_600_000 },
  { type: 'PHYSICAL_REMAND_ORDERED', at: t0 + 21 * 3_600_000 },
  { type: 'INTERIM_CHALLAN_SUBMITTED', at: t0 + 10 * DAY },
  { type: 'FINAL_CHALLAN_SUBMITTED', at: t0 + 12 * DAY },
  { type: 'SCRUTINY_COMPLETED', at: t0 + 14 * DAY },
  { type: 'CHALLAN_FILED_IN_COURT', at: t0 + 16 * DAY },
  { type: 'CHARGE_FRAMED', at: t0 + 40 * DAY },
  { type: 'HEARING_HELD', at: t0 + 60 * DAY },
  { type: 'JUDGMENT_DELIVERED', at: t0 + 200 * DAY, facts: { judgment: { outcome: 'conviction' } } },
];
await timed('case lifecycles, immutable face (openCase + applyEvent)', 'cases', async (i) => {
  const facts = cohort[i % cohort.length]!;
  let { state } = await openCase(sop, facts, t0);
  for (const [k, s] of steps.entries()) state = (await applyEvent(sop, state, { id: `e${k}`, ...s })).state;
  return state;
});

/** Per-event samples (nanoseconds) of one event through the compiled core; returns the median in µs. */
function medianEventMicros(inPlace: boolean): { median: number; p90: number; events: number; refused: number } {
  const samples: number[] = [];
  let refused = 0;
  const until = performance.now() + SECONDS * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const facts = cohort[i % cohort.length]!;
    let state: CaseState = openCaseSync(sop, facts, t0).state;
    for (const [k, s] of steps.entries()) {
      // In place, with the simulator's options: it hands over each event (built afresh, never reused) and reads
      // numbers only, no narrative (simulator/engine/case-agent.ts, simulation-task.ts).
      const event = { id: `e${k}`, ...s, ...(s.facts ? { facts: structuredClone(s.facts) } : {}) };
      const begin = process.hrtime.bigint();
      const outcome = applyEventSync(sop, state, event, inPlace ? { inPlace, discardEffects: true, handsOverEvents: true, narrative: false } : {});
      const ns = Number(process.hrtime.bigint() - begin);
      // Refused events (a challan returned, then the court steps refused) are cheap: counted, not sampled.
      if (outcome.status === 'applied') samples.push(ns);
      else refused++;
      state = outcome.state;
    }
  }
  const sorted = Float64Array.from(samples).sort();
  return { median: sorted[Math.floor(sorted.length / 2)]! / 1000, p90: sorted[Math.floor(sorted.length * 0.9)]! / 1000, events: samples.length, refused };
}
medianEventMicros(true); // warm-up
for (const inPlace of [true, false]) {
  const r = medianEventMicros(inPlace);
  const label = inPlace ? 'one event, compiled core, in place (simulator)' : 'one event, compiled core, immutable (workflow view)';
  console.log(`${label.padEnd(58)} median ${r.median.toFixed(2).padStart(6)} µs, p90 ${r.p90.toFixed(2)} µs  (${r.events.toLocaleString('en-US')} events applied${r.refused ? `; ${r.refused.toLocaleString('en-US')} refused, not sampled` : ''})`);
}
