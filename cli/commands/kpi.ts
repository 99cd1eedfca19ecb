// `sopflow kpi report` (the PPF report from the read model: HTML, CSV, JSON) and `sopflow kpi rebuild` (the read
// model rebuilt from the cases' histories on Temporal, or from a file of effect batches). The read model is
// DATABASE_URL's PostgreSQL, else PGlite under the data dir.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Command } from 'commander';
import { buildKpiReport, kpiCalibrationCsv, kpiReportCsv, kpiReportHtml, kpiReportJson } from '../../projection/kpi-report';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { openReadModel, readModelLocation } from '../../projection/read-model';
import { rebuildFromCases, rebuildReadModel } from '../../projection/rebuild';
import { withTemporal } from '../temporal-session';
import type { ProjectionBatch } from '../../projection/projection-activities';
import { CliError } from '../cli-error';
import { runCommand } from '../command-runner';

/** "2026-03" or "2026-03-15" → "2026-03" (a report covers whole FIR months). */
export function monthOf(value: string, flag: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.exec(value);
  if (!m) throw new CliError('usage', `${flag}: expected YYYY-MM or YYYY-MM-DD, got ${JSON.stringify(value.slice(0, 40))}`);
  return `${m[1]}-${m[2]}`;
}

const dataDir = (): string => path.resolve(process.env.SOPFLOW_DATA_DIR ?? 'data');

async function* batchesFrom(file: string): AsyncGenerator<ProjectionBatch> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let batch: ProjectionBatch;
    try {
      batch = JSON.parse(text) as ProjectionBatch;
    } catch {
      throw new CliError('usage', `${file}:${line}: not JSON`);
    }
    if (typeof batch?.identity?.caseId !== 'string' || !Array.isArray(batch.effects) || typeof batch.sop?.initialStage !== 'string') {
      throw new CliError('usage', `${file}:${line}: expected {identity, sop, effects}`);
    }
    yield batch;
  }
}

export function kpiCommand(): Command {
  const kpi = new Command('kpi').description('live KPIs from the read model');
  kpi
    .command('report')
    .description('the harmonised cross-province KPI report for FIRs registered in a period: HTML (charts), CSV and JSON')
    .requiredOption('--from <month>', 'first FIR month, YYYY-MM (or a date in it)')
    .requiredOption('--to <month>', 'last FIR month, YYYY-MM (or a date in it)')
    .option('--province <id>', 'one province only')
    .option('--out <dir>', 'where to write kpi-report.{html,csv,json}', '.')
    .option('--json', 'print the report as JSON on stdout as well')
    .option('--simulate <cohort.yaml>', 'beside the live values, the SOP in force simulated on this cohort (simulated vs observed, flagged beyond 95%)')
    .option('--sop <pack.yaml>', 'with --simulate: the SOP pack in force for the province')
    .option('--cases <n>', 'with --simulate: cases per replicate (default: the whole cohort)')
    .option('--replicates <r>', 'with --simulate: replicates, for the 95% interval', '5')
    .option('--seed <s>', 'with --simulate: random seed', '1')
    .action(async (options: { from: string; to: string; province?: string; out: string; json?: boolean; simulate?: string; sop?: string; cases?: string; replicates: string; seed: string }) => {
      process.exitCode = await runCommand(options, async () => {
        const fromMonth = monthOf(options.from, '--from');
        const toMonth = monthOf(options.to, '--to');
        if (fromMonth > toMonth) throw new CliError('usage', `--from ${fromMonth} is after --to ${toMonth}`);
        if (options.province !== undefined && !/^[a-z][a-z-]*$/.test(options.province)) throw new CliError('usage', '--province: expected a province id such as punjab');
        const whole = (flag: string, v: string | undefined, min: number): number | undefined => {
          if (v === undefined) return undefined;
          if (!/^\d+$/.test(v) || Number(v) < min) throw new CliError('usage', `${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(v.slice(0, 20))}`);
          return Number(v);
        };
        if (options.simulate !== undefined && options.sop === undefined) throw new CliError('usage', '--simulate needs --sop <pack.yaml>, the SOP pack in force');
        const cases = whole('--cases', options.cases, 1);
        const replicates = whole('--replicates', options.replicates, 2)!;
        const seed = whole('--seed', options.seed, 0)!;
        const db = await openReadModel(readModelLocation(dataDir()));
        try {
          const report = await buildKpiReport(db, { fromMonth, toMonth }, options.province);
          if (options.simulate !== undefined) {
            const sop = { path: options.sop!, bundle: loadBundleFile(options.sop!) };
            if (options.province !== undefined && sop.bundle.pack.province !== options.province) throw new CliError('usage', `--sop is the ${sop.bundle.pack.province} pack, the report is for ${options.province}`);
            const cohort = { path: options.simulate, spec: loadCohortFile(options.simulate, [sop]) };
            // The simulator loads only when asked for, so the plain report starts as fast as before.
            const { calibrate, simulatedBaseline } = await import('../../projection/kpi-calibration');
            const sim = await simulatedBaseline({ sop, cohort, replicates, seed, ...(cases !== undefined ? { cases } : {}) });
            report.calibration = calibrate(report.values, sim.replicates, { cohort: options.simulate, casesPerReplicate: sim.casesPerReplicate, province: sop.bundle.pack.province });
          }
          fs.mkdirSync(options.out, { recursive: true });
          const files = { html: path.join(options.out, 'kpi-report.html'), csv: path.join(options.out, 'kpi-report.csv'), json: path.join(options.out, 'kpi-report.json') };
          fs.writeFileSync(files.html, kpiReportHtml(report));
          fs.writeFileSync(files.csv, kpiReportCsv(report));
          if (report.calibration) fs.writeFileSync(path.join(options.out, 'kpi-calibration.csv'), kpiCalibrationCsv(report.calibration));
          fs.writeFileSync(files.json, kpiReportJson(report));
          return { json: report, text: `${report.values.length} KPI values for FIRs of ${fromMonth}..${toMonth}\n${Object.values(files).join('\n')}` };
        } finally {
          await db.destroy();
        }
      });
    });
  kpi
    .command('rebuild')
    .description(
      "empty the read model and project every case again from its history on Temporal (the effect batches its workflow handed the projection); stop the workers (npm start) first, since the embedded read model is theirs",
    )
    .option('--case <caseId...>', 'only these cases (visibility is not asked to list them)')
    .option('--batches <file.jsonl>', 'from a JSON-lines file of {identity, sop, effects} batches instead of Temporal')
    .option('--json', 'machine-readable result')
    .action(async (options: { batches?: string; case?: string[]; json?: boolean }) => {
      process.exitCode = await runCommand(options, async () => {
        if (options.batches !== undefined && !fs.existsSync(options.batches)) throw new CliError('usage', `--batches: ${options.batches} does not exist`);
        if (options.batches !== undefined && options.case) throw new CliError('usage', '--batches and --case do not go together');
        const rebuild = async (): Promise<{ batches: number; effects: number }> => {
          const db = await openReadModel(readModelLocation(dataDir()));
          try {
            if (options.batches !== undefined) return await rebuildReadModel(db, batchesFrom(options.batches));
            // A rebuild reads every case's history: an hour's deadline, not a command's 30 seconds.
            return await withTemporal(({ client }) => rebuildFromCases(db, client, options.case ? { caseIds: options.case } : {}), { timeoutMs: 3_600_000 });
          } finally {
            await db.destroy();
          }
        };
        const result = await rebuild();
        return { json: result, text: `rebuilt: ${result.batches} batches, ${result.effects} effects projected` };
      });
    });
  return kpi;
}
