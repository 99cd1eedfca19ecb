// `sopflow simulate`'s inputs, validated before anything runs: the flags, both SOP packs, the cohort spec (checked
// against both packs) or the history log (checked against the baseline it was recorded under), and the report
// targets. Every problem comes back located, so a bad input costs seconds, not a simulation.
import os from 'node:os';
import { z } from 'zod';
import { checkReportTargets } from '../simulator/report/write-report-files';
import type { SimulationOptions } from '../simulator/simulation-types';
import { displayPath } from '../sources/guarded-read';
import { SourceError } from '../sources/located-error';
import { loadBundleFile, loadCohortFile, loadHistoryFile } from '../sources/load-sources';
import { CliError, parseOptions } from './cli-error';

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const simulateFlags = z.object({
  baseline: z.string().min(1),
  proposal: z.string().min(1),
  cohort: z.string().min(1).optional(),
  history: z.string().min(1).optional(),
  cases: wholeNumber(1, 100_000_000).optional(),
  seed: wholeNumber(0, 2 ** 32 - 1).default(1),
  replicates: wholeNumber(1, 1000).default(1),
  threads: wholeNumber(1, 256).default(os.availableParallelism()),
  out: z.string().min(1).optional(),
  json: z.string().min(1).optional(),
  csv: z.string().min(1).optional(),
});
export type SimulateFlags = z.input<typeof simulateFlags>;

export interface SimulateInputs {
  options: Omit<SimulationOptions, 'onProgress'>;
  targets: { out?: string; json?: string; csv?: string };
}

export function loadSimulateInputs(raw: SimulateFlags): SimulateInputs {
  const flags = parseOptions(simulateFlags, raw);
  if ((flags.cohort === undefined) === (flags.history === undefined)) throw new CliError('usage', 'give exactly one of --cohort <spec.yaml> or --history <events.csv>');
  if (flags.history !== undefined && flags.cases !== undefined) throw new CliError('usage', '--cases applies to a cohort; a history replays all its cases');
  if (flags.history !== undefined && flags.replicates > 1) throw new CliError('usage', '--replicates applies to a cohort; a history replays the same way every time');

  const targets = [
    ...(flags.out ? [{ flag: '--out', path: flags.out }] : []),
    ...(flags.json ? [{ flag: '--json', path: flags.json }] : []),
    ...(flags.csv ? [{ flag: '--csv', path: flags.csv }] : []),
  ];
  const inputs = [flags.baseline, flags.proposal, flags.cohort ?? flags.history!];
  const targetProblems = checkReportTargets(targets, inputs);
  if (targetProblems.length > 0) throw new CliError('usage', targetProblems.join('; '));

  const baseline = { path: displayPath(flags.baseline), bundle: loadBundleFile(flags.baseline) };
  const proposal = { path: displayPath(flags.proposal), bundle: loadBundleFile(flags.proposal) };
  if (baseline.bundle.pack.province !== proposal.bundle.pack.province) {
    throw new SourceError([{ file: proposal.path, message: `the proposal is the ${proposal.bundle.pack.province} pack, the baseline ${baseline.path} is ${baseline.bundle.pack.province}` }]);
  }

  // Each input is read and checked once, here; the simulation receives the parsed inputs.
  const source: SimulationOptions['source'] =
    flags.cohort !== undefined
      ? { kind: 'cohort', spec: loadCohortFile(flags.cohort, [baseline, proposal]), path: displayPath(flags.cohort) }
      : { kind: 'history', scripts: loadHistoryFile(flags.history!, baseline.bundle.pack), path: displayPath(flags.history!) };

  return {
    options: { baseline, proposal, source, ...(flags.cases !== undefined ? { cases: flags.cases } : {}), seed: flags.seed, replicates: flags.replicates, threads: flags.threads },
    targets: { ...(flags.out ? { out: flags.out } : {}), ...(flags.json ? { json: flags.json } : {}), ...(flags.csv ? { csv: flags.csv } : {}) },
  };
}
