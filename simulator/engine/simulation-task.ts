// One unit of work of a run — some cases of one replicate under one SOP — and how to compute it. The same
// code runs in-process and in worker threads; the result is plain JSON (a KPI accumulator's content).
import { performance } from 'node:perf_hooks';
import { advanceCase, applyEventSync, isClosed, openCaseSync, prepareCaseSync } from '../../rules/case-engine/index';
import { KpiAccumulator, type KpiAccumulatorData } from '../../rules/kpi/kpi-accumulator';
import type { SopBundle } from '../../rules/loader/load-sop';
import type { CohortSpec } from '../cohort/cohort-spec';
import type { CaseScript } from '../simulation-types';
import { planArrivals, type DistrictArrivals } from './arrival-plan';
import { simulateBatch } from './simulate-batch';
import { asPromise } from '../../rules/util/as-promise';

const IN_PLACE = { inPlace: true, discardEffects: true } as const;

export type Which = 'baseline' | 'proposal';

export type SimulationTask =
  | { id: number; kind: 'cohort'; which: Which; replicate: number; seed: number; district: number; from: number; to: number }
  | { id: number; kind: 'history'; which: Which; replicate: number; from: number; to: number };

/** What every task of a run shares (sent once to each worker). */
export type SimulationInputs =
  | { kind: 'cohort'; baseline: SopBundle; proposal: SopBundle; spec: CohortSpec; cases?: number }
  | { kind: 'history'; baseline: SopBundle; proposal: SopBundle; scripts: CaseScript[]; until: number };

export interface TaskResult {
  id: number;
  cases: number;
  refused: number;
  kpis: KpiAccumulatorData;
  /** Wall time the task took in its thread (benchmarks only; never part of a report). */
  elapsedMs: number;
}

/** Computes tasks against one run's inputs; the arrival plan is built once per runner. */
export class TaskRunner {
  private plan: DistrictArrivals[] | undefined;

  constructor(private readonly inputs: SimulationInputs) {}

  arrivals(): DistrictArrivals[] {
    if (this.inputs.kind !== 'cohort') return [];
    return (this.plan ??= planArrivals(this.inputs.spec, this.inputs.cases));
  }

  run(task: SimulationTask): Promise<TaskResult> {
    return asPromise(() => this.runSync(task));
  }

  runSync(task: SimulationTask): TaskResult {
    const started = performance.now();
    const bundle = this.inputs[task.which];
    const kpis = new KpiAccumulator();
    let cases = 0;
    let refused = 0;
    if (task.kind === 'cohort' && this.inputs.kind === 'cohort') {
      simulateBatch({
        spec: this.inputs.spec,
        bundle,
        seed: task.seed,
        arrivals: this.arrivals()[task.district]!,
        from: task.from,
        to: task.to,
        recordScripts: false,
        // The KPIs read stage changes, clocks, the log, gate verdicts and escalation histories, never the narrative.
        narrative: false,
        onCase: (c) => {
          cases++;
          refused += c.refused;
          kpis.addCase(c.state, c.sop);
        },
      });
    } else if (task.kind === 'history' && this.inputs.kind === 'history') {
      for (const script of this.inputs.scripts.slice(task.from, task.to)) {
        const replayed = replayScript(bundle, script, this.inputs.until);
        cases++;
        refused += replayed.refused;
        kpis.addCase(replayed.state, replayed.sop);
      }
    }
    return { id: task.id, cases, refused, kpis: kpis.toData(), elapsedMs: performance.now() - started };
  }
}

/** A recorded case under an SOP: its events in order, those the SOP refuses counted and skipped. */
export function replayScript(bundle: SopBundle, script: CaseScript, until: number) {
  const prepared = prepareCaseSync(bundle, script.facts);
  let sop = prepared.sop;
  // The replay owns the case's state: each step may change it in place.
  let { state } = openCaseSync(sop, prepared.facts, script.firAt, 'fir', [], IN_PLACE);
  let refused = 0;
  for (const event of script.events) {
    const outcome = applyEventSync(sop, state, event, IN_PLACE);
    if (outcome.status === 'rejected') refused++;
    state = outcome.state;
    sop = outcome.sop;
  }
  if (!isClosed(sop, state) && until > state.now) state = advanceCase(sop, state, until, IN_PLACE).state;
  return { sop, state, refused };
}
