// `npm run bench:rules`: how fast the shipped json-rules-engine evaluates the Punjab challan gate (8 rules),
// and how fast the pure core runs whole cases. Prints figures; asserts nothing (benchmarks are not tests).
import { performance } from 'node:perf_hooks';
import { applyEvent, openCase } from '../rules/case-engine/index';
import { compileSop } from '../rules/compiler/compile-sop';
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

const sop = await compileSop(bundle, cohort[0]!);
const gate = sop.evaluators.gate('challan-scrutiny');
const rules = bundle.pack.gates.find((g) => g.id === 'challan-scrutiny')!.rules.length;
console.log(`bench:rules — ${PACK}, gate challan-scrutiny (${rules} rules), json-rules-engine 7.3.1 as shipped, ${SECONDS}s per figure`);
console.log(`node ${process.version}, ${process.arch}`);
let defects = 0;
await timed('gate evaluations (json-rules-engine, one engine reused)', 'evaluations', async (i) => {
  const outcome = await gate.evaluate(cohort[i % cohort.length]!);
  if (outcome.some((r) => r.fired)) defects++;
});
console.log(`  (${defects.toLocaleString('en-US')} of those found at least one defect)`);

await timed('case compilations (overlay matching + machine)', 'compilations', async (i) => compileSop(bundle, cohort[i % cohort.length]!));

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-02T10:00:00+05:00');
await timed('case lifecycles through the pure core (FIR → challan → court)', 'cases', async (i) => {
  const facts = cohort[i % cohort.length]!;
  let { state } = await openCase(sop, facts, t0);
  const steps = [
    { type: 'ACCUSED_ARRESTED', at: t0 + 3_600_000 },
    { type: 'PRODUCED_BEFORE_MAGISTRATE', at: t0 + 20 * 3_600_000 },
    { type: 'FINAL_CHALLAN_SUBMITTED', at: t0 + 12 * DAY },
    { type: 'SCRUTINY_COMPLETED', at: t0 + 14 * DAY },
  ];
  for (const [k, s] of steps.entries()) state = (await applyEvent(sop, state, { id: `e${k}`, ...s })).state;
  return state;
});
