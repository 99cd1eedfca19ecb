// The simulator's contracts: what a run takes, what each simulated case yields, and the report it writes.
// Shared by the engine (simulator/engine, cohort generator, KPI accumulation) and the edges (CSV history
// import, HTML/JSON/CSV reports, `sopflow simulate`). Plain JSON throughout: reports must be byte-identical
// for the same seed, and results cross worker-thread boundaries.
import type { CaseEventInput } from '../rules/case-engine/index';
import type { CohortSpec } from './cohort/cohort-spec';
import type { SopBundle } from '../rules/loader/load-sop';
import type { CaseFactsInput } from '../rules/schema/case-facts';
import type { KpiDefinition, KpiValue } from '../rules/kpi/kpi-types';

/**
 * A case as recorded in history (CSV import) or fixed in advance: its FIR and the events that happened to it,
 * in effective-time order. Replayed under an SOP, events the SOP refuses are counted, not hidden.
 */
export interface CaseScript {
  caseId: string;
  facts: CaseFactsInput;
  /** FIR registration, epoch ms. */
  firAt: number;
  events: CaseEventInput[];
  /** Where the case came from (e.g. "events.csv:12-31"), for located messages. */
  source?: string;
}

/** Where the cases of a run come from, parsed and checked against both packs by the caller (see sources/). */
export type CaseSource =
  | { kind: 'cohort'; spec: CohortSpec; path: string }
  | { kind: 'history'; scripts: CaseScript[]; path: string };

export interface SimulationOptions {
  baseline: { path: string; bundle: SopBundle };
  proposal: { path: string; bundle: SopBundle };
  source: CaseSource;
  /** Cases per replicate (cohort only; a history replays all its cases). */
  cases?: number;
  seed: number;
  replicates: number;
  /** Worker threads; 1 runs in-process. Results do not depend on it. */
  threads: number;
  onProgress?: (done: number, total: number) => void;
  /** Each finished unit of work with the time its thread spent on it (benchmarks); never affects the report. */
  onTaskTiming?: (timing: { which: 'baseline' | 'proposal'; cases: number; elapsedMs: number }) => void;
}

// Defined in the pure core, where live monitoring will reuse them.
export type { KpiDefinition, KpiValue } from '../rules/kpi/kpi-types';

export interface ReplicateResult {
  replicate: number;
  seed: number;
  cases: number;
  /** Events the SOP refused (history replays under a proposal), by reason. */
  refusedEvents: number;
  kpis: KpiValue[];
}

export interface KpiDelta {
  kpi: string;
  group: Record<string, string>;
  baseline: number;
  proposal: number;
  delta: number;
  /** 95% confidence interval of the delta across replicates; null with one replicate. */
  ci95: [number, number] | null;
}

export interface SimulationReport {
  meta: {
    tool: 'sopflow simulate';
    baseline: { path: string; sopHash: string; version: string };
    proposal: { path: string; sopHash: string; version: string };
    source: { kind: 'cohort' | 'history'; path: string };
    seed: number;
    replicates: number;
    casesPerReplicate: number;
  };
  catalogue: KpiDefinition[];
  baseline: ReplicateResult[];
  proposal: ReplicateResult[];
  deltas: KpiDelta[];
}
