// `npm run bench:simulate-memory`: what one district's open cases hold in memory, the figure behind the 1M peak
// RSS of `bench:simulate`. With capacity modelled a district is one task and all its open cases are resident, so
// the peak is set by the largest districts. Runs one district under one SOP in this thread, as a simulation
// thread does (no scripts, no narrative, KPIs folded as cases finish); every --every queue entries it collects
// garbage and reads the heap. Prints figures; asserts nothing.
//   --cases N (cohort size the district is planned from; default 1000000)  --district ID (default the largest)
//   --sop baseline|proposal (default baseline)  --every E (default 20000)  --cohort FILE  --seed S
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadBundleFile, loadCohortFile } from '../sources/load-sources';
import { KpiAccumulator } from '../rules/kpi/kpi-accumulator';
import { planArrivals } from '../simulator/engine/arrival-plan';
import { simulateBatch } from '../simulator/engine/simulate-batch';
import { replicateSeed } from '../simulator/run-simulation';
import { integerFlag } from './integer-flag';

const SOPS = { baseline: 'sop-definitions/punjab/punjab-2026.1.yaml', proposal: 'sop-definitions/punjab/punjab-2026.2-proposal.yaml' } as const;

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    district: { type: 'string' },
    sop: { type: 'string', default: 'baseline' },
    every: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    cohort: { type: 'string', default: 'sop-definitions/cohorts/punjab-2026.yaml' },
  },
});
const fail = (msg: string): never => {
  console.error(`bench:simulate-memory: ${msg}`);
  process.exit(2);
};
const gc = (globalThis as { gc?: () => void }).gc ?? fail('run with node --expose-gc (npm run bench:simulate-memory does)');
const CASES = integerFlag('bench:simulate-memory', 'cases', args.cases, 1);
const EVERY = integerFlag('bench:simulate-memory', 'every', args.every, 1);
const SEED = integerFlag('bench:simulate-memory', 'seed', args.seed, 0);
if (args.sop !== 'baseline' && args.sop !== 'proposal') fail(`--sop must be baseline or proposal, not "${args.sop}"`);
const which = args.sop as keyof typeof SOPS;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number): string => `${fmt(bytes / 2 ** 20)} MiB`;

const bundles = { baseline: loadBundleFile(SOPS.baseline), proposal: loadBundleFile(SOPS.proposal) };
const spec = loadCohortFile(args.cohort, [
  { path: SOPS.baseline, bundle: bundles.baseline },
  { path: SOPS.proposal, bundle: bundles.proposal },
]);
const plan = planArrivals(spec, CASES);
const bySize = [...plan].sort((a, b) => b.count - a.count);
const arrivals = args.district === undefined ? bySize[0]! : (plan.find((a) => a.district === args.district) ?? fail(`no district "${args.district}" in ${args.cohort}: ${plan.map((a) => a.district).join(', ')}`));
if (!spec.capacity) console.log('note: this cohort models no capacity, so a run splits districts into chunks and this is not its peak');

gc();
const heapBefore = process.memoryUsage().heapUsed;
let peak = { open: 0, heap: 0, at: 0 };
const kpis = new KpiAccumulator();
let finished = 0;
const started = performance.now();
simulateBatch({
  spec,
  bundle: bundles[which],
  seed: replicateSeed(SEED, 0),
  arrivals,
  from: 0,
  to: arrivals.count,
  recordScripts: false,
  narrative: false,
  onCase: (c) => {
    finished++;
    kpis.addCase(c.state, c.sop);
  },
  sample: {
    every: EVERY,
    call: (open, at) => {
      if (open <= peak.open) return;
      gc();
      peak = { open, heap: process.memoryUsage().heapUsed - heapBefore, at };
    },
  },
});
const seconds = (performance.now() - started) / 1000;
const perCase = peak.heap / Math.max(peak.open, 1);
const second = bySize.find((a) => a !== arrivals);
console.log(`bench:simulate-memory — ${args.cohort}, planned for ${fmt(CASES)} cases; district ${arrivals.district} (${fmt(arrivals.count)} cases) under ${SOPS[which]}, seed ${SEED}`);
console.log(`${fmt(finished)} cases in ${fmt(seconds, 1)} s (${fmt(finished / seconds)} cases/s in one thread, through tsx)`);
console.log(`peak open cases: ${fmt(peak.open)} on ${new Date(peak.at).toISOString().slice(0, 10)}; heap after GC then ${mib(peak.heap)} above the start = ${fmt(perCase / 1024, 1)} KiB per open case (state, agent, queue entries)`);
console.log(`process peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)} (V8 grows its heap past the live set)`);
if (second) {
  // bench:simulate's threads run the largest districts side by side with smaller ones (never two of the largest);
  // a district's open cases scale with its size, so this is what the live set of two such tasks is.
  const projected = perCase * peak.open * (1 + second.count / arrivals.count);
  console.log(`live set of this district and the next largest (${second.district}) side by side, projected: ${mib(projected)} (target for the whole process at 1M: 2,048 MiB peak RSS)`);
}
