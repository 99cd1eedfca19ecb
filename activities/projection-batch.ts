// What the case workflow hands the read model's projection activity each step: the case's non-personal identity,
// what the projection needs of its SOP, and the step's effects (which include the event records). Pure and
// free of the database, so the workflow bundle can build a batch; parties never appear in it.
import type { CaseEffect, CaseState, CompiledSop } from '../rules/case-engine/index';
import { isStatutoryBailClock } from '../rules/kpi/kpi-observations';

/** The case's non-personal identity, as the workflow hands it with each batch. */
export interface CaseIdentity {
  caseId: string;
  province: string;
  district: string;
  policeStation: string;
  offenceClass: string;
  sopHash: string;
  sopVersion: string;
  prosecutorOffice?: string | null;
}

/** What the projection needs of the case's SOP (plain JSON, so it can ride in an activity's input). */
export interface ProjectionSop {
  initialStage: string;
  finalStages: string[];
  /** Clock ids citing s.497: custody beyond the statutory-bail thresholds. */
  statutoryBailClocks: string[];
}

export interface ProjectionBatch {
  identity: CaseIdentity;
  sop: ProjectionSop;
  effects: CaseEffect[];
}

export function projectionSopOf(sop: Pick<CompiledSop, 'clocks' | 'stages' | 'initialStage'>): ProjectionSop {
  return {
    initialStage: sop.initialStage,
    finalStages: sop.stages.filter((s) => s.kind === 'final').map((s) => s.id),
    statutoryBailClocks: sop.clocks.filter(isStatutoryBailClock).map((c) => c.id),
  };
}

/** One step's batch for a case as it stands after the step. */
export function projectionBatchOf(caseId: string, state: CaseState, sop: Pick<CompiledSop, 'clocks' | 'stages' | 'initialStage' | 'version'>, effects: CaseEffect[]): ProjectionBatch {
  const f = state.facts;
  return {
    identity: { caseId, province: f.province, district: f.district, policeStation: f.policeStation, offenceClass: f.offence.class, sopHash: state.sopHash, sopVersion: sop.version },
    sop: projectionSopOf(sop),
    effects,
  };
}
