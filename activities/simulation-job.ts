// The simulation job's one activity: runs simulator/run-simulation.ts on the packs and cohort the job names,
// heartbeating its progress (cases simulated of the total), which is what a poll of the job reports. Its result
// is the JSON report, so whoever reads the job needs no file system shared with the worker.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { loadSopCatalogue, type SopCatalogue } from '../api/sop-packs/sop-catalogue';
import type { ProvinceId } from '../rules/schema/common';
import { canonicalReport } from '../simulator/report/report-json';
import { runSimulation } from '../simulator/run-simulation';
import type { SimulationReport } from '../simulator/simulation-types';
import { loadCohortFile } from '../sources/load-sources';

export interface SimulationJobInput {
  province: ProvinceId;
  baselineVersion: string;
  proposalVersion: string;
  /** A cohort spec under sop-definitions/cohorts/, by name (e.g. `punjab-2026`). */
  cohort: string;
  cases: number;
  seed: number;
  replicates: number;
}

/** What a heartbeat carries and a poll shows. */
export interface SimulationProgress {
  done: number;
  total: number;
}

export const DEFAULT_DEFINITIONS_DIR = fileURLToPath(new URL('../sop-definitions/', import.meta.url));
const COHORT_NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;
const catalogues = new Map<string, SopCatalogue>();

export async function runSimulationJobActivity(input: SimulationJobInput, definitionsDir = DEFAULT_DEFINITIONS_DIR): Promise<SimulationReport> {
  let catalogue = catalogues.get(definitionsDir);
  if (!catalogue) catalogues.set(definitionsDir, (catalogue = loadSopCatalogue(definitionsDir)));
  // Bad input cannot get better on a retry: non-retryable, with the field named.
  const pack = (field: string, version: string) => {
    const found = catalogue.get(input.province, version);
    if (!found) throw ApplicationFailure.nonRetryable(`${field}: ${input.province} has no SOP version ${version}`, 'SimulationInputError');
    return { path: `${input.province}/${version}`, bundle: found.bundle };
  };
  const baseline = pack('baselineVersion', input.baselineVersion);
  const proposal = pack('proposalVersion', input.proposalVersion);
  if (!COHORT_NAME.test(input.cohort)) throw ApplicationFailure.nonRetryable('cohort: must be a cohort name such as punjab-2026', 'SimulationInputError');
  const cohortFile = path.join(definitionsDir, 'cohorts', `${input.cohort}.yaml`);
  let spec;
  try {
    spec = loadCohortFile(cohortFile, [baseline, proposal].map((p) => ({ path: p.path, bundle: p.bundle })));
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`cohort: ${(err as Error).message.split('\n')[0]}`, 'SimulationInputError');
  }
  const context = Context.current();
  const report = await runSimulation({
    baseline,
    proposal,
    source: { kind: 'cohort', spec, path: `cohorts/${input.cohort}.yaml` },
    cases: input.cases,
    seed: input.seed,
    replicates: input.replicates,
    // Worker threads keep this thread free to send heartbeats; the report does not depend on the count.
    threads: Math.max(2, Math.min(4, os.availableParallelism())),
    onProgress: (done, total) => context.heartbeat({ done, total } satisfies SimulationProgress),
  });
  return canonicalReport(report);
}
