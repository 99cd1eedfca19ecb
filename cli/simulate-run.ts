// `sopflow simulate`: validate every input, run the simulation with a progress bar (on a terminal), write the
// requested reports all-or-nothing, and print the summary table. Bad input exits 1 with located reasons and
// writes nothing. The runner is a parameter so the command is wired once to the engine.
import cliProgress from 'cli-progress';
import { caseDifferences, type CaseDifference } from '../simulator/history/case-differences';
import { differenceLine } from '../simulator/report/case-difference-text';
import { consoleSummary } from '../simulator/report/console-summary';
import { reportCsv } from '../simulator/report/report-csv';
import { reportHtml } from '../simulator/report/report-html';
import { reportJson } from '../simulator/report/report-json';
import { writeReportFiles, type ReportFile } from '../simulator/report/write-report-files';
import type { SimulationOptions, SimulationReport } from '../simulator/simulation-types';
import { SourceError } from '../sources/located-error';
import { CliError, oneLine } from './cli-error';
import { loadSimulateInputs, type SimulateFlags } from './simulate-inputs';

export type SimulationRunner = (options: SimulationOptions) => Promise<SimulationReport>;

/** Changed history cases the console lists; the HTML report has the rest. */
const MAX_CASE_LINES = 10;

function progressBar(): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'simulating |{bar}| {percentage}% {value}/{total} | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export async function runSimulate(flags: SimulateFlags, runner: SimulationRunner): Promise<number> {
  let inputs: ReturnType<typeof loadSimulateInputs>;
  try {
    inputs = loadSimulateInputs(flags);
  } catch (err) {
    if (err instanceof SourceError) for (const line of err.lines()) process.stderr.write(`${line}\n`);
    else if (err instanceof CliError) process.stderr.write(`sopflow simulate: ${oneLine(err.message)}\n`);
    else throw err;
    return 1;
  }

  const bar = progressBar();
  let report: SimulationReport;
  let differences: CaseDifference[] | undefined;
  const { options } = inputs;
  try {
    report = await runner({ ...options, onProgress: bar.update });
    // A history's counterfactual, case by case (a second replay of each case, in this process).
    if (options.source.kind === 'history') differences = await caseDifferences(options.source.scripts, options.baseline.bundle, options.proposal.bundle);
  } catch (err) {
    bar.stop();
    process.stderr.write(`sopflow simulate: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
  bar.stop();

  const files: ReportFile[] = [];
  const { out, json, csv } = inputs.targets;
  if (out) files.push({ path: out, content: reportHtml(report, differences ? { caseDifferences: differences } : {}) });
  if (json) files.push({ path: json, content: reportJson(report) });
  if (csv) files.push({ path: csv, content: reportCsv(report) });
  try {
    writeReportFiles(files);
  } catch (err) {
    process.stderr.write(`sopflow simulate: cannot write the reports: ${oneLine((err as Error).message)}\n`);
    return 1;
  }
  process.stdout.write(consoleSummary(report));
  if (differences && options.source.kind === 'history') {
    process.stdout.write(`\n${differences.length} of ${options.source.scripts.length} recorded cases would have gone differently under the proposal${differences.length > 0 ? ':' : '.'}\n`);
    for (const d of differences.slice(0, MAX_CASE_LINES)) process.stdout.write(`  ${differenceLine(d)}\n`);
    if (differences.length > MAX_CASE_LINES) process.stdout.write(`  … and ${differences.length - MAX_CASE_LINES} more${out ? ` (all in ${out})` : ''}\n`);
  }
  if (files.length > 0) process.stdout.write(`\n${files.map((f) => `wrote ${f.path}`).join('\n')}\n`);
  return 0;
}
