// `npm run chaos -- --cases N --seed S --kills K`: the crash campaign (chaos/campaign.ts) on loopback, in a fresh
// data directory, bounded in time; prints the counts and exits 1 if anything was lost, duplicated or late.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CASES_PER_SECOND, formatCampaign, runCampaign } from '../chaos/campaign';

const int = (min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
  return n;
};

const rate = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of cases per second ≥ 0');
  return n;
};

const program = new Command()
  .name('chaos')
  .description('kill -9 the worker, the API and the Temporal dev server under load; check nothing is lost')
  .option('--cases <n>', 'cases to drive through the API', int(1), 100)
  .option('--seed <s>', 'seed of the kill plan and the cases', int(0), 1)
  .option('--kills <k>', 'kills in all (spread over the three processes)', int(0), 6)
  .option('--parallel <p>', 'HTTP calls in flight', int(1), 8)
  .option('--rate <r>', 'new cases per second, e.g. 1.5 (0: as fast as the calls in flight allow)', rate, CASES_PER_SECOND)
  .option('--max-seconds <s>', 'bound on the whole run (default 300 + three per case)', int(30))
  .option('--data-dir <dir>', 'where the stack keeps its files (default: a new temporary directory)')
  .option('--keep', 'keep the data directory afterwards (logs, SQLite file)')
  .parse();

const opts = program.opts<{ cases: number; seed: number; kills: number; parallel: number; rate: number; maxSeconds?: number; dataDir?: string; keep?: boolean }>();
const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-chaos-'));
const log = (msg: string): void => console.log(`chaos ${new Date().toISOString().slice(11, 19)}: ${msg}`);

runCampaign({ cases: opts.cases, seed: opts.seed, kills: opts.kills, parallel: opts.parallel, casesPerSecond: opts.rate, dataDir, log, ...(opts.maxSeconds ? { maxSeconds: opts.maxSeconds } : {}) })
  .then((result) => {
    for (const line of formatCampaign(result)) console.log(line);
    process.exitCode = result.passed ? 0 : 1;
  })
  .catch((err: unknown) => {
    console.error(`chaos: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (opts.keep || opts.dataDir) log(`data directory kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  });
