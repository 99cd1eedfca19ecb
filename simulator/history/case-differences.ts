// The counterfactual of a history replay, case by case: which recorded cases would have breached, escalated,
// ended or been refused differently under the proposal. Each case is replayed by the engine's own replay
// (replayScript) under both SOPs, to the same horizon the run uses, so these outcomes are the ones its KPIs count.
import type { CaseState } from '../../rules/case-engine/index';
import type { SopBundle } from '../../rules/loader/load-sop';
import { replayScript } from '../engine/simulation-task';
import type { CaseScript } from '../simulation-types';

export interface CaseOutcome {
  stage: string;
  /** Clocks whose deadline passed (breached, met late, or cancelled after the breach), sorted. */
  breached: string[];
  /** Where escalation tasks landed ("ddpp L2"), sorted. */
  escalatedTo: string[];
  /** Recorded events this SOP refused. */
  refused: number;
}

export interface CaseDifference {
  caseId: string;
  source?: string;
  baseline: CaseOutcome;
  proposal: CaseOutcome;
}

const sortedUnique = (items: string[]): string[] => [...new Set(items)].sort();

export function caseOutcome(state: CaseState, refused: number): CaseOutcome {
  return {
    stage: state.stage,
    breached: sortedUnique(state.clocks.filter((c) => c.status === 'breached' || c.late === true || c.breachedAt !== undefined).map((c) => c.clockId)),
    escalatedTo: sortedUnique(
      state.escalations.flatMap((e) => e.history.filter((h) => h.action === 'opened' || h.action === 'climbed' || h.action === 'reassigned').map((h) => `${h.role} L${h.level}`)),
    ),
    refused,
  };
}

function same(a: CaseOutcome, b: CaseOutcome): boolean {
  return a.stage === b.stage && a.refused === b.refused && a.breached.join() === b.breached.join() && a.escalatedTo.join() === b.escalatedTo.join();
}

/** The horizon runSimulation replays a history to: its last recorded instant. */
export function historyHorizon(scripts: readonly CaseScript[]): number {
  let until = 0;
  for (const s of scripts) {
    until = Math.max(until, s.firAt);
    for (const e of s.events) until = Math.max(until, e.at);
  }
  return until;
}

/** The cases whose outcome differs between the two SOPs, in the scripts' order. */
export function caseDifferences(scripts: readonly CaseScript[], baseline: SopBundle, proposal: SopBundle, onProgress?: (done: number, total: number) => void): Promise<CaseDifference[]> {
  const until = historyHorizon(scripts);
  const out: CaseDifference[] = [];
  let done = 0;
  for (const script of scripts) {
    const b = replayScript(baseline, script, until);
    const p = replayScript(proposal, script, until);
    const outcomes = { baseline: caseOutcome(b.state, b.refused), proposal: caseOutcome(p.state, p.refused) };
    if (!same(outcomes.baseline, outcomes.proposal)) out.push({ caseId: script.caseId, ...(script.source ? { source: script.source } : {}), ...outcomes });
    onProgress?.(++done, scripts.length);
  }
  return Promise.resolve(out);
}
