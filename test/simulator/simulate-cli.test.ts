// `sopflow simulate` as a user runs it, end to end through the real engine: reports written, the same seed gives
// byte-identical JSON (whatever the threads), and a malformed cohort spec or history gives located errors and
// no report at all.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../simulator/simulation-types';
import { CHROMIUM, screenshotReport } from '../../scripts/report-screenshot';

const root = path.resolve(import.meta.dirname, '../..');
const packs = ['--baseline', 'sop-definitions/punjab/punjab-2026.1.yaml', '--proposal', 'sop-definitions/punjab/punjab-2026.2-proposal.yaml'];
const history = 'sop-definitions/history/punjab-sample-events.csv';
const cohort = 'sop-definitions/cohorts/punjab-2026.yaml';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sopflow-simulate-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function simulate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/sopflow.mjs', 'simulate', ...packs, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const out = (name: string): string => path.join(dir, name);

// Each run starts a Node process and the engine's worker threads; a loaded CI machine needs more than the default.
describe('sopflow simulate (end to end)', { timeout: 300_000 }, () => {
  it('replays the shipped history: HTML, JSON and CSV written, the proposal meets scrutiny-return where the baseline breached it', () => {
    const r = simulate('--history', history, '--out', out('h.html'), '--json', out('h.json'), '--csv', out('h.csv'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Statutory clock met on time: scrutiny-return\s+75\.0%\s+100\.0%\s+\+25\.0 pp/);
    expect(r.stdout).toMatch(/ddpp \(level 2\)/);
    expect(r.stdout).toContain(`2 of 8 recorded cases would have gone differently under the proposal:\n  SYN-FSD-0342 (${history}:17-23): breached −scrutiny-return; escalated −ddpp L2\n  SYN-FSD-0588 (${history}:58-64)`);
    const report = JSON.parse(fs.readFileSync(out('h.json'), 'utf8')) as SimulationReport;
    expect(report.meta).toMatchObject({ source: { kind: 'history', path: history }, replicates: 1, casesPerReplicate: 8 });
    expect(report.meta.baseline.sopHash).not.toBe(report.meta.proposal.sopHash);
    expect(fs.readFileSync(out('h.html'), 'utf8')).toContain('<canvas id="chart-clocks">');
    expect(fs.readFileSync(out('h.csv'), 'utf8').split('\n')[0]).toMatch(/^kpi,unit,province,district,/);
    const again = simulate('--history', history, '--json', out('h2.json'));
    expect(again.code).toBe(0);
    expect(fs.readFileSync(out('h2.json'))).toEqual(fs.readFileSync(out('h.json')));
  });

  it('runs a shipped cohort: the same seed gives byte-identical JSON, on one thread or two', () => {
    const args = ['--cohort', cohort, '--cases', '40', '--replicates', '2', '--seed', '11'];
    const one = simulate(...args, '--threads', '1', '--json', out('c1.json'), '--out', out('c1.html'));
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    const two = simulate(...args, '--threads', '2', '--json', out('c2.json'));
    expect(two.code).toBe(0);
    expect(fs.readFileSync(out('c2.json'))).toEqual(fs.readFileSync(out('c1.json')));
    const report = JSON.parse(fs.readFileSync(out('c1.json'), 'utf8')) as SimulationReport;
    expect(report.meta).toMatchObject({ source: { kind: 'cohort', path: cohort }, seed: 11, replicates: 2, casesPerReplicate: 40 });
    expect(report.deltas.some((d) => d.ci95 !== null)).toBe(true);
  });

  it.skipIf(!fs.existsSync(CHROMIUM) && !process.env.CI)('gives an HTML report whose charts all draw in headless Chromium', async () => {
    const { charts, problems } = await screenshotReport(out('c1.html'), out('c1.png'));
    expect(problems).toEqual([]);
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['chart-clocks', 'chart-load-baseline', 'chart-load-proposal', 'chart-delta-shares']));
  });

  it('refuses a malformed cohort spec with its location, and writes no report', () => {
    const bad = out('bad-cohort.yaml');
    fs.writeFileSync(bad, fs.readFileSync(path.join(root, cohort), 'utf8').replace('offenceMix: { theft: 38', 'offenceMix: { shoplifting: 5, theft: 38'));
    const r = simulate('--cohort', bad, '--out', out('bad1.html'), '--json', out('bad1.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-cohort\.yaml:\d+:\d+: offenceMix\.shoplifting: "shoplifting" is not an offence class of sop-definitions\/punjab\/punjab-2026\.1\.yaml/);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out('bad1.html')) || fs.existsSync(out('bad1.json'))).toBe(false);
  });

  it('refuses a malformed history with file, line and column, and writes no report', () => {
    const bad = out('bad-events.csv');
    const text = fs.readFileSync(path.join(root, history), 'utf8').replace('SYN-FSD-0342,,,,,,,,,DEFECTS_CURED', 'SYN-FSD-0342,,,,,,,,,DEFECT_CURED');
    fs.writeFileSync(bad, text);
    const r = simulate('--history', bad, '--out', out('bad2.html'), '--csv', out('bad2.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-events\.csv:21: event_type: "DEFECT_CURED" is not an event of punjab 2026\.1\n$/);
    expect(fs.existsSync(out('bad2.html')) || fs.existsSync(out('bad2.csv'))).toBe(false);
  });
});
