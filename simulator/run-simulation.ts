// `runSimulation`: a cohort (or a recorded history) under the baseline and the proposed SOP, for R replicates,
// spread over worker threads, folded into KPIs and baseline→proposal deltas with 95% confidence intervals.
// The report is plain, sorted JSON with no timestamps: the same seed gives the same bytes, whatever `threads`.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { contentHash } from '../rules/compiler/content-hash';
import { KPI_CATALOGUE } from '../rules/kpi/kpi-catalogue';
import { KpiAccumulator } from '../rules/kpi/kpi-accumulator';
import { meanWithCi95 } from './engine/confidence-interval';
import { mix32 } from './engine/mix32';
import { simulationWorkerFile } from './engine/worker-bundle';
import { TaskRunner, type SimulationInputs, type SimulationTask, type TaskResult, type Which } from './engine/simulation-task';
import type { KpiDefinition, KpiDelta, KpiValue, ReplicateResult, SimulationOptions, SimulationReport } from './simulation-types';

/** Without capacity, cases are independent and run in chunks of this many; with it, a district is one task. */
const CHUNK = 2_000;

/** Replicate r's seed, derived from the run's seed alone. */
export function replicateSeed(seed: number, replicate: number): number {
  return mix32(mix32(seed) ^ mix32(replicate + 1));
}

function planTasks(inputs: SimulationInputs, runner: TaskRunner, seed: number, replicates: number): SimulationTask[] {
  const tasks: SimulationTask[] = [];
  let id = 0;
  for (let replicate = 0; replicate < replicates; replicate++) {
    for (const which of ['baseline', 'proposal'] as const) {
      if (inputs.kind === 'history') {
        for (let from = 0; from < inputs.scripts.length; from += CHUNK) tasks.push({ id: id++, kind: 'history', which, replicate, from, to: Math.min(inputs.scripts.length, from + CHUNK) });
        continue;
      }
      // Capacity couples the cases of a district, so a district is never split.
      const chunk = inputs.spec.capacity ? Number.MAX_SAFE_INTEGER : CHUNK;
      runner.arrivals().forEach((a, district) => {
        for (let from = 0; from < a.count; from += chunk) {
          tasks.push({ id: id++, kind: 'cohort', which, replicate, seed: replicateSeed(seed, replicate), district, from, to: Math.min(a.count, from + chunk) });
        }
      });
    }
  }
  return tasks;
}

const taskSize = (t: SimulationTask): number => t.to - t.from;

async function runInWorkers(inputs: SimulationInputs, tasks: SimulationTask[], threads: number, done: (r: TaskResult) => void): Promise<void> {
  // Sorted by size. The first worker takes from the large end and the others from the small end, so the largest
  // tasks (whole districts, when capacity is modelled) never run side by side and peak memory is one large district
  // rather than two; the ends meet in the middle. Results merge exactly, so the schedule cannot change them.
  const queue = [...tasks].sort((a, b) => taskSize(b) - taskSize(a) || a.id - b.id);
  const workerUrl = pathToFileURL(await simulationWorkerFile());
  const count = Math.min(threads, queue.length);
  // With capacity modelled a district is one task, all of its open cases held at once (Lahore's ~200k at 1M cases),
  // which can outgrow V8's default heap limit (~4 GiB); each thread may use its share of three quarters of memory.
  const maxOldGenerationSizeMb = Math.max(4096, Math.floor((os.totalmem() / 2 ** 20 / count) * 0.75));
  const workers = Array.from({ length: count }, () => new Worker(workerUrl, { workerData: inputs, resourceLimits: { maxOldGenerationSizeMb } }));
  try {
    await Promise.all(
      workers.map(
        (worker, i) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const task = i === 0 ? queue.shift() : queue.pop();
              if (task) worker.postMessage(task);
              else resolve();
            };
            worker.on('message', (msg: { ok: true; result: TaskResult } | { ok: false; error: string }) => {
              if (!msg.ok) return reject(new Error(`simulation worker failed: ${msg.error}`));
              done(msg.result);
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`simulation worker exited with code ${code}`));
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const groupKey = (v: { kpi: string; group: Record<string, string> }): string => `${v.kpi}|${JSON.stringify(Object.entries(v.group))}`;

/** Counts are zero where nothing happened; shares and durations have no value there. */
function absentIsZero(kpi: string, catalogue: readonly KpiDefinition[]): boolean {
  const unit = catalogue.find((k) => k.id === kpi)?.unit;
  return unit === 'count' || unit === 'per-month';
}

export function computeDeltas(baseline: ReplicateResult[], proposal: ReplicateResult[], catalogue: readonly KpiDefinition[]): KpiDelta[] {
  const index = (results: ReplicateResult[]): Map<string, number>[] => results.map((r) => new Map(r.kpis.map((v) => [groupKey(v), v.value])));
  const b = index(baseline);
  const p = index(proposal);
  const keys = new Map<string, KpiValue>();
  for (const r of [...baseline, ...proposal]) for (const v of r.kpis) if (!keys.has(groupKey(v))) keys.set(groupKey(v), v);
  const deltas: KpiDelta[] = [];
  for (const key of [...keys.keys()].sort()) {
    const { kpi, group } = keys.get(key)!;
    const zero = absentIsZero(kpi, catalogue);
    const pairs: [number, number][] = [];
    for (let r = 0; r < Math.min(b.length, p.length); r++) {
      const bv = b[r]!.get(key) ?? (zero ? 0 : undefined);
      const pv = p[r]!.get(key) ?? (zero ? 0 : undefined);
      if (bv !== undefined && pv !== undefined) pairs.push([bv, pv]);
    }
    if (pairs.length === 0) continue;
    const diff = meanWithCi95(pairs.map(([x, y]) => y - x));
    deltas.push({
      kpi,
      group,
      baseline: meanWithCi95(pairs.map(([x]) => x)).mean,
      proposal: meanWithCi95(pairs.map(([, y]) => y)).mean,
      delta: diff.mean,
      ci95: diff.ci95,
    });
  }
  return deltas;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const { baseline, proposal, source, seed } = options;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!(Number.isInteger(options.replicates) && options.replicates >= 1)) throw new Error(`replicates must be a whole number ≥ 1, got ${options.replicates}`);
  if (!(Number.isInteger(options.threads) && options.threads >= 1)) throw new Error(`threads must be a whole number ≥ 1, got ${options.threads}`);
  // A recorded history replays the same way every time: one replicate says all there is.
  const replicates = source.kind === 'history' ? 1 : options.replicates;

  let inputs: SimulationInputs;
  if (source.kind === 'cohort') {
    inputs = { kind: 'cohort', baseline: baseline.bundle, proposal: proposal.bundle, spec: source.spec, ...(options.cases !== undefined ? { cases: options.cases } : {}) };
  } else {
    const until = source.scripts.reduce((max, s) => Math.max(max, s.firAt, ...s.events.map((e) => e.at)), 0);
    inputs = { kind: 'history', baseline: baseline.bundle, proposal: proposal.bundle, scripts: source.scripts, until };
  }
  const sourcePath = source.path;
  const runner = new TaskRunner(inputs);
  const tasks = planTasks(inputs, runner, seed, replicates);
  const casesPerReplicate = inputs.kind === 'cohort' ? runner.arrivals().reduce((s, a) => s + a.count, 0) : inputs.scripts.length;
  const total = casesPerReplicate * replicates * 2;

  // One accumulator per (SOP, replicate); tasks merge into it exactly, in whatever order they finish.
  const slots = new Map<string, { acc: KpiAccumulator; cases: number; refused: number }>();
  const slot = (which: Which, replicate: number) => {
    const key = `${which}/${replicate}`;
    let s = slots.get(key);
    if (!s) slots.set(key, (s = { acc: new KpiAccumulator(), cases: 0, refused: 0 }));
    return s;
  };
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let done = 0;
  const collect = (result: TaskResult): void => {
    const task = byId.get(result.id)!;
    const s = slot(task.which, task.replicate);
    s.acc.mergeData(result.kpis);
    s.cases += result.cases;
    s.refused += result.refused;
    done += taskSize(task);
    options.onTaskTiming?.({ which: task.which, cases: result.cases, elapsedMs: result.elapsedMs });
    options.onProgress?.(done, total);
  };
  options.onProgress?.(0, total);
  if (options.threads <= 1) {
    for (const task of tasks) collect(await runner.run(task));
  } else {
    await runInWorkers(inputs, tasks, options.threads, collect);
  }

  const results = (which: Which): ReplicateResult[] =>
    Array.from({ length: replicates }, (_, replicate) => {
      const s = slot(which, replicate);
      return { replicate, seed: replicateSeed(seed, replicate), cases: s.cases, refusedEvents: s.refused, kpis: s.acc.finalise() };
    });
  const baselineResults = results('baseline');
  const proposalResults = results('proposal');
  return {
    meta: {
      tool: 'sopflow simulate',
      baseline: { path: baseline.path, sopHash: contentHash(baseline.bundle), version: baseline.bundle.pack.version },
      proposal: { path: proposal.path, sopHash: contentHash(proposal.bundle), version: proposal.bundle.pack.version },
      source: { kind: source.kind, path: sourcePath },
      seed,
      replicates,
      casesPerReplicate,
    },
    catalogue: [...KPI_CATALOGUE],
    baseline: baselineResults,
    proposal: proposalResults,
    deltas: computeDeltas(baselineResults, proposalResults, KPI_CATALOGUE),
  };
}
