// `sopflow test <scenario.yaml…>`: runs scenarios against the pure core, pass/fail per step.
import path from 'node:path';
import { runScenario, type ScenarioReport } from '../../rules/scenarios/run-scenario';
import { coreHost } from '../../rules/scenarios/scenario-host';
import { displayPath } from '../../sources/guarded-read';
import { loadBundleFile, loadScenarioFile } from '../../sources/load-sources';
import { SourceError } from '../../sources/located-error';

export interface ScenarioFileResult {
  file: string;
  report?: ScenarioReport;
  errors?: string[];
}

export async function runScenarioFile(file: string): Promise<ScenarioFileResult> {
  const display = displayPath(file);
  try {
    const scenario = loadScenarioFile(file);
    const bundle = loadBundleFile(path.resolve(path.dirname(file), scenario.pack));
    return { file: display, report: await runScenario(scenario, coreHost(bundle)) };
  } catch (err) {
    if (err instanceof SourceError) return { file: display, errors: err.lines() };
    return { file: display, errors: [`${display}: ${(err as Error).message}`] };
  }
}

export async function runTest(files: string[], options: { json?: boolean }): Promise<number> {
  const results: ScenarioFileResult[] = [];
  for (const file of files) results.push(await runScenarioFile(file));
  const failed = results.filter((r) => r.errors || !r.report?.passed).length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ passed: results.length - failed, failed, results }, null, 2)}\n`);
    return failed > 0 ? 1 : 0;
  }
  for (const r of results) {
    if (r.errors) {
      process.stdout.write(`✗ ${r.file}\n`);
      for (const e of r.errors) process.stderr.write(`    ${e}\n`);
      continue;
    }
    const report = r.report!;
    process.stdout.write(`${report.passed ? '✓' : '✗'} ${report.name}  (${r.file})\n`);
    for (const step of report.steps) {
      process.stdout.write(`    ${step.passed ? 'pass' : 'FAIL'}  ${step.at.padEnd(12)} ${step.title}\n`);
      for (const f of step.failures) process.stdout.write(`          ${f}\n`);
    }
  }
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
