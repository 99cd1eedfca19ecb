// `sopflow simulate`'s edge, with a stand-in runner: inputs are validated before anything runs, bad input gives
// located errors and writes no report, and a good run writes every requested report at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSimulate, type SimulationRunner } from '../../cli/simulate-run';
import type { SimulationOptions } from '../../simulator/simulation-types';
import { fixtureReport } from './report-fixture';

const root = path.resolve(import.meta.dirname, '../..');
const baseline = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
const proposal = path.join(root, 'sop-definitions/punjab/punjab-2026.2-proposal.yaml');
const history = path.join(root, 'sop-definitions/history/punjab-sample-events.csv');
const cohort = path.join(root, 'sop-definitions/cohorts/punjab-2026.yaml');

let dir: string;
let stdout: string;
let stderr: string;
let calls: SimulationOptions[];
const runner: SimulationRunner = (options) => {
  calls.push(options);
  options.onProgress?.(1, 2);
  return Promise.resolve(fixtureReport());
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-simulate-'));
  stdout = '';
  stderr = '';
  calls = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const outputs = () => ({ out: path.join(dir, 'r.html'), json: path.join(dir, 'r.json'), csv: path.join(dir, 'r.csv') });

describe('sopflow simulate (edge)', () => {
  it('replays a history: the scripts reach the runner, every report is written, the summary is printed', async () => {
    const code = await runSimulate({ baseline, proposal, history, seed: '7', ...outputs() }, runner);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    const options = calls[0]!;
    expect(options.source.kind).toBe('history');
    expect(options.source.kind === 'history' && options.source.scripts.map((s) => s.caseId)).toHaveLength(8);
    expect(options).toMatchObject({ seed: 7, replicates: 1, baseline: { path: 'sop-definitions/punjab/punjab-2026.1.yaml' } });
    expect(options.baseline.bundle.pack.version).toBe('2026.1');
    expect(fs.readdirSync(dir).sort()).toEqual(['r.csv', 'r.html', 'r.json']);
    expect(stdout).toMatch(/Statutory clock met on time: scrutiny-return\s+71\.0%\s+93\.0%\s+\+22\.0 pp\s+\[\+20\.0 pp, \+24\.0 pp\]\s+▲ better/);
    expect(stdout).toMatch(/ddpp \(level 2\)\s+40\.0\/mo\s+0\.0\/mo\s+−40\.0\/mo/);
    expect(stdout).toContain(`wrote ${outputs().json}`);
    expect(stdout).toContain('2 of 8 recorded cases would have gone differently under the proposal:\n  SYN-FSD-0342 (sop-definitions/history/punjab-sample-events.csv:17-23): breached −scrutiny-return; escalated −ddpp L2\n');
    expect(fs.readFileSync(outputs().out, 'utf8')).toContain('<h2>Recorded cases that would have gone differently</h2>');
  });

  it('hands a cohort spec to the runner once it is valid against both packs', async () => {
    const code = await runSimulate({ baseline, proposal, cohort, cases: '200', replicates: '3', threads: '2', json: outputs().json }, runner);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The runner receives the parsed spec, never a path to read again.
    expect(calls[0]).toMatchObject({ source: { kind: 'cohort', path: path.relative(process.cwd(), cohort), spec: { kind: 'cohort', province: 'punjab' } }, cases: 200, replicates: 3, threads: 2 });
  });

  it('refuses a malformed history with located errors, without running or writing anything', async () => {
    const bad = path.join(dir, 'events.csv');
    const text = fs.readFileSync(history, 'utf8').replace('SCRUTINY_COMPLETED,2026-04-10 16:00', 'SCRUTINY_COMPLETED,2026-04-31 16:00');
    fs.writeFileSync(bad, text);
    const code = await runSimulate({ baseline, proposal, history: bad, ...outputs() }, runner);
    expect(code).toBe(1);
    expect(stderr).toBe(`${path.relative(process.cwd(), bad)}:20: event_at: "2026-04-31" is not a calendar date\n`);
    expect(calls).toHaveLength(0);
    expect(fs.readdirSync(dir)).toEqual(['events.csv']);
  });

  it('refuses a malformed cohort spec with file:line:col and the field, without running or writing anything', async () => {
    const bad = path.join(dir, 'cohort.yaml');
    fs.writeFileSync(bad, fs.readFileSync(cohort, 'utf8').replace('days: 365', 'days: -3'));
    const code = await runSimulate({ baseline, proposal, cohort: bad, ...outputs() }, runner);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\S*cohort\.yaml:\d+:\d+: days: /);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(calls).toHaveLength(0);
    expect(fs.readdirSync(dir)).toEqual(['cohort.yaml']);
  });

  it('refuses bad flags in one line naming the flag', async () => {
    const cases: [Parameters<typeof runSimulate>[0], RegExp][] = [
      [{ baseline, proposal }, /give exactly one of --cohort <spec\.yaml> or --history <events\.csv>/],
      [{ baseline, proposal, cohort, history }, /give exactly one of --cohort/],
      [{ baseline, proposal, history, cases: '10' }, /--cases applies to a cohort/],
      [{ baseline, proposal, history, replicates: '5' }, /--replicates applies to a cohort; a history replays the same way every time/],
      [{ baseline, proposal, cohort, replicates: '0' }, /--replicates: must be at least 1/],
      [{ baseline, proposal, cohort, seed: '-1' }, /--seed: must be a whole number/],
      [{ baseline, proposal, cohort, out: path.join(dir, 'missing/r.html') }, /--out .*: directory .* does not exist/],
      [{ baseline, proposal, cohort, out: path.join(dir, 'r'), json: path.join(dir, 'r') }, /--json .*: the same file as --out/],
      [{ baseline, proposal, history, json: history }, /would overwrite an input file/],
      [{ baseline: path.join(dir, 'nope.yaml'), proposal, cohort }, /nope\.yaml: file not found/],
    ];
    for (const [flags, reason] of cases) {
      stderr = '';
      expect(await runSimulate(flags, runner)).toBe(1);
      expect(stderr).toMatch(reason);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(calls).toHaveLength(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes no report when the run fails', async () => {
    const failing: SimulationRunner = () => Promise.reject(new Error('worker thread 2 exited'));
    expect(await runSimulate({ baseline, proposal, cohort, ...outputs() }, failing)).toBe(1);
    expect(stderr).toBe('sopflow simulate: worker thread 2 exited\n');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
