// `sopflow simulate`'s inputs, validated before anything runs: the flags, both SOP packs, the cohort spec (checked
// against both packs) or the history log (checked against the baseline it was recorded under), and the report
// targets. Every problem comes back located, so a bad input costs seconds, not a simulation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { checkCohortAgainstPack, loadCohort } from '../simulator/cohort/load-cohort';
import { formatHistoryError } from '../simulator/history/history-error';
import { importHistory } from '../simulator/history/import-history';
import { checkReportTargets } from '../simulator/report/write-report-files';
import type { SimulationOptions } from '../simulator/simulation-types';
import { formatSopError } from '../rules/loader/sop-error';
import { CliError, parseOptions } from './cli-error';
import { loadBundleFile } from './load-bundle-file';
import { readSopFile } from './read-sop-files';

/** Located problems with the inputs, one line each. */
export class SimulateInputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** A history log is read whole; past this it should be split (by year or district) into several runs. */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

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

function display(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function readHistoryText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SimulateInputError([`${display(file)}: file not found`]);
  }
  if (!stat.isFile()) throw new SimulateInputError([`${display(file)}: not a regular file`]);
  if (stat.size > MAX_HISTORY_BYTES) throw new SimulateInputError([`${display(file)}:1: file is ${stat.size} bytes; a history log may be at most ${MAX_HISTORY_BYTES} (split it by year or district)`]);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new SimulateInputError([`${display(file)}:1: file is binary or not UTF-8 text`]);
  }
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

  const baseline = { path: display(flags.baseline), bundle: loadBundleFile(flags.baseline) };
  const proposal = { path: display(flags.proposal), bundle: loadBundleFile(flags.proposal) };
  if (baseline.bundle.pack.province !== proposal.bundle.pack.province) {
    throw new SimulateInputError([`${proposal.path}: the proposal is the ${proposal.bundle.pack.province} pack, the baseline ${baseline.path} is ${baseline.bundle.pack.province}`]);
  }

  let source: SimulationOptions['source'];
  if (flags.cohort !== undefined) {
    const loaded = loadCohort(readSopFile(flags.cohort));
    if (!loaded.ok) throw new SimulateInputError(loaded.errors.map(formatSopError));
    const problems = [...checkCohortAgainstPack(loaded.value, baseline.bundle, baseline.path), ...checkCohortAgainstPack(loaded.value, proposal.bundle, proposal.path)];
    if (problems.length > 0) throw new SimulateInputError([...new Set(problems.map(formatSopError))]);
    source = { kind: 'cohort', specPath: flags.cohort };
  } else {
    const file = flags.history!;
    const imported = importHistory(display(file), readHistoryText(file), { pack: baseline.bundle.pack });
    if (!imported.ok) throw new SimulateInputError(imported.errors.map(formatHistoryError));
    source = { kind: 'history', scripts: imported.scripts, path: display(file) };
  }

  return {
    options: { baseline, proposal, source, ...(flags.cases !== undefined ? { cases: flags.cases } : {}), seed: flags.seed, replicates: flags.replicates, threads: flags.threads },
    targets: { ...(flags.out ? { out: flags.out } : {}), ...(flags.json ? { json: flags.json } : {}), ...(flags.csv ? { csv: flags.csv } : {}) },
  };
}
