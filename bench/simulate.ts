// `npm run bench:simulate`: simulator throughput (case lifecycles per second) for a Punjab cohort under the
// baseline and the proposed SOP, peak memory, threads used; then the same cohort's cases through the real case
// workflows on a local dev server (a sample), and the ratio. Prints figures; asserts nothing.
//   --cases N (default 100000; --cases 1000000 is the province-year target)  --threads T (default 2)
//   --sample S (workflow sample, default 200; 0 skips)  --concurrency C (default 25)  --cohort FILE  --seed S
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadBundleFile, loadCohortFile } from '../sources/load-sources';
import { createTemporalClient } from '../client/temporal-client';
import { loadEnvironment } from '../config/environment';
import { startDevServer } from '../local-temporal/dev-server';
import { freePort } from '../local-temporal/free-port';
import { contentHash } from '../rules/compiler/content-hash';
import { encryptedDataConverter, type PayloadKeyring } from '../security/payload-encryption-codec';
import { runSimulation } from '../simulator/run-simulation';
import { simulateCohort } from '../simulator/engine/simulate-cohort';
import { localActivityDependencies } from '../activities/index';
import { createSopflowWorker } from '../worker/create-worker';
import { caseEventUpdate } from '../workflows/case-messages';
import { caseWorkflow } from '../workflows/case-workflow';
import { integerFlag } from './integer-flag';

const BASELINE = 'sop-definitions/punjab/punjab-2026.1.yaml';
const PROPOSAL = 'sop-definitions/punjab/punjab-2026.2-proposal.yaml';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    threads: { type: 'string', default: '2' },
    sample: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '25' },
    seed: { type: 'string', default: '1' },
    cohort: { type: 'string', default: 'sop-definitions/cohorts/punjab-2026.yaml' },
  },
});
const wholeNumber = (name: string, raw: string, min: number): number => integerFlag('bench:simulate', name, raw, min);
const CASES = wholeNumber('cases', args.cases, 1);
const THREADS = wholeNumber('threads', args.threads, 1);
const SAMPLE = wholeNumber('sample', args.sample, 0);
const CONCURRENCY = wholeNumber('concurrency', args.concurrency, 1);
const SEED = wholeNumber('seed', args.seed, 0);
const log = (msg: string): void => console.error(`bench:simulate: ${msg}`);
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MiB`;

async function simulatorThroughput(): Promise<{ lifecyclesPerSecond: number; perSop: Record<string, number>; seconds: number }> {
  const baseline = loadBundleFile(BASELINE);
  const proposal = loadBundleFile(PROPOSAL);
  const threadSeconds: Record<string, { cases: number; ms: number }> = { baseline: { cases: 0, ms: 0 }, proposal: { cases: 0, ms: 0 } };
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 200);
  let lastShown = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await runSimulation({
    baseline: { path: BASELINE, bundle: baseline },
    proposal: { path: PROPOSAL, bundle: proposal },
    source: { kind: 'cohort', spec: loadCohortFile(args.cohort, [{ path: BASELINE, bundle: baseline }, { path: PROPOSAL, bundle: proposal }]), path: args.cohort },
    cases: CASES,
    seed: SEED,
    replicates: 1,
    threads: THREADS,
    onProgress: (done, total) => {
      if (done - lastShown >= total / 10 || done === total) {
        lastShown = done;
        log(`${fmt(done)} / ${fmt(total)} lifecycles (${fmt((performance.now() - started) / 1000, 1)} s)`);
      }
    },
    onTaskTiming: ({ which, cases, elapsedMs }) => {
      threadSeconds[which]!.cases += cases;
      threadSeconds[which]!.ms += elapsedMs;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  const lifecycles = report.baseline[0]!.cases + report.proposal[0]!.cases;
  const rss = process.resourceUsage().maxRSS * 1024;
  const perSop = Object.fromEntries(Object.entries(threadSeconds).map(([k, v]) => [k, v.cases / (v.ms / 1000)]));
  console.log(`bench:simulate — ${args.cohort}, ${fmt(CASES)} cases × 2 SOPs (${BASELINE} vs ${PROPOSAL}), seed ${SEED}, ${THREADS} thread(s)`);
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)} at the end`);
  console.log(`simulator, both SOPs:      ${fmt(lifecycles)} lifecycles in ${fmt(seconds, 1)} s wall = ${fmt(lifecycles / seconds)} lifecycles/s`);
  for (const which of ['baseline', 'proposal']) {
    console.log(`  ${which.padEnd(9)} per thread: ${fmt(perSop[which]!)} cases/s (${fmt(threadSeconds[which]!.cases)} cases in ${fmt(threadSeconds[which]!.ms / 1000, 1)} thread-seconds)`);
  }
  // CPU time (all threads of the process, GC included) says what the work costs whatever else the machine runs.
  console.log(`CPU: ${fmt(cpuSeconds, 1)} s of all threads = ${fmt(lifecycles / cpuSeconds)} lifecycles per CPU-second (${fmt(cpuSeconds / seconds, 2)} cores busy on average)`);
  console.log(`peak memory: ${mib(rss)} RSS (process, all threads); main-thread heap ${mib(peakHeap)}`);
  const target = 2_000_000;
  console.log(`target 1,000,000 × 2 SOPs ≤ 60 s: at this rate ${fmt(target / (lifecycles / seconds))} s (${fmt(target / 60)} lifecycles/s needed, ${fmt(lifecycles / seconds)} measured)`);
  return { lifecyclesPerSecond: lifecycles / seconds, perSop, seconds };
}

/** The same cohort's first cases through real case workflows: each script's events as Updates, dated as simulated. */
async function workflowThroughput(): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const bundle = loadBundleFile(BASELINE);
  const spec = loadCohortFile(args.cohort, [{ path: BASELINE, bundle }]);
  const cases = await simulateCohort(spec, bundle, SEED, SAMPLE);
  const events = cases.reduce((s, c) => s + c.script.events.length, 0);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-bench-simulate-'));
  const keyring: PayloadKeyring = { current: { id: 'bench', key: randomBytes(32) } };
  log('starting a Temporal dev server (in-memory SQLite) and a worker…');
  const server = await startDevServer({ port: await freePort(), logFile: path.join(runDir, 'dev-server.log') });
  const temporal = await createTemporalClient(loadEnvironment({}), { address: server.address, keyring });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  const taskQueue = 'bench-simulate';
  try {
    connection = await NativeConnection.connect({ address: server.address });
    worker = await createSopflowWorker({ connection, namespace: 'default', taskQueue, dataConverter: encryptedDataConverter(keyring), activityDependencies: localActivityDependencies(path.join(runDir, 'activities')) });
    running = worker.run();
    const client = temporal.client;
    // One legal timeline for the sample: workflow time + offset = the cohort's first FIR.
    const offset = Math.min(...cases.map((c) => c.script.firAt)) - Date.now();
    const hash = contentHash(bundle);
    log(`measuring: ${fmt(cases.length)} cases (${fmt(events)} events as Updates), ${CONCURRENCY} cases at a time…`);
    let next = 0;
    let refused = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, cases.length) }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const workflowId = `bench-simulate/${c.index}-${started}`;
          const handle = await client.workflow.start(caseWorkflow, {
            taskQueue,
            workflowId,
            args: [{ caseId: workflowId, sop: { hash }, facts: c.script.facts, firAt: c.script.firAt, clockOffsetMs: offset }],
          });
          for (const event of c.script.events) await handle.executeUpdate(caseEventUpdate, { args: [event] }).catch(() => refused++);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perSecond = cases.length / seconds;
    console.log(`real case workflows (dev server 1.5.1, in-memory SQLite, worker in this process, encrypted payloads):`);
    console.log(`  ${fmt(cases.length)} cases, ${fmt(events)} event Updates in ${fmt(seconds, 1)} s = ${fmt(perSecond, 1)} cases/s (${fmt(events / seconds)} events/s)${refused ? `; ${refused} refused` : ''}`);
    for (const c of cases) await client.workflow.getHandle(`bench-simulate/${c.index}-${started}`).terminate('bench finished').catch(() => undefined);
    return perSecond;
  } finally {
    worker?.shutdown();
    await running;
    await connection?.close();
    await temporal.close();
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const simulator = await simulatorThroughput();
  if (SAMPLE === 0) return;
  const workflows = await workflowThroughput();
  console.log(`ratio: the simulator runs ${fmt(simulator.lifecyclesPerSecond / workflows, 0)}× the real workflows' case throughput on this machine (${fmt(simulator.lifecyclesPerSecond)} vs ${fmt(workflows, 1)} cases/s)`);
}

main().catch((err: unknown) => {
  console.error(`bench:simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
