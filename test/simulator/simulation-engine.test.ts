// The simulator engine: deterministic for a seed (byte-identical reports), identical KPIs whatever the number of
// worker threads, and a small Punjab cohort shows what the proposal changes: a late scrutiny's task goes to the
// District Public Prosecutor instead of the Deputy DPP.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { runSimulation } from '../../simulator/run-simulation';
import { horizonOf, type SimulatedCase } from '../../simulator/engine/simulate-batch';
import { simulateCohort } from '../../simulator/engine/simulate-cohort';
import { replayScript } from '../../simulator/engine/simulation-task';
import { missingAgentEvents } from '../../simulator/engine/agent-events';
import type { SimulationOptions, SimulationReport } from '../../simulator/simulation-types';

const root = path.resolve(import.meta.dirname, '../..');
const baselinePath = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
const proposalPath = path.join(root, 'sop-definitions/punjab/punjab-2026.2-proposal.yaml');
const cohortPath = path.join(root, 'sop-definitions/cohorts/punjab-2026.yaml');
const baseline = loadBundleFile(baselinePath);
const proposal = loadBundleFile(proposalPath);

const options = (threads: number): SimulationOptions => ({
  baseline: { path: 'punjab-2026.1.yaml', bundle: baseline },
  proposal: { path: 'punjab-2026.2-proposal.yaml', bundle: proposal },
  source: { kind: 'cohort', spec: loadCohortFile(cohortPath, [{ path: baselinePath, bundle: baseline }, { path: proposalPath, bundle: proposal }]), path: path.relative(process.cwd(), cohortPath) },
  cases: 48,
  seed: 2026,
  replicates: 2,
  threads,
});

const simulateCases = (bundle: typeof baseline, cases: number, seed: number): Promise<SimulatedCase[]> =>
  simulateCohort(loadCohortFile(cohortPath, [{ path: baselinePath, bundle }]), bundle, seed, cases);

describe('simulator engine', () => {
  let first: SimulationReport;
  let progress: [number, number][];

  beforeAll(async () => {
    progress = [];
    first = await runSimulation({ ...options(1), onProgress: (done, total) => progress.push([done, total]) });
  }, 120_000);

  it('the same seed gives a byte-identical JSON report', async () => {
    const again = await runSimulation(options(1));
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(first.meta.casesPerReplicate).toBe(48);
    expect(first.baseline.map((r) => r.cases)).toEqual([48, 48]);
    expect(progress.at(-1)).toEqual([192, 192]);
  });

  it('1 thread and 2 worker threads give identical KPIs', async () => {
    const threaded = await runSimulation(options(2));
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(first));
  });

  it('a different seed gives a different cohort', async () => {
    const other = await runSimulation({ ...options(1), seed: 7, replicates: 1 });
    expect(JSON.stringify(other.baseline[0]!.kpis)).not.toBe(JSON.stringify(first.baseline[0]!.kpis));
  });

  it('deltas carry a 95% interval across replicates, and none with one replicate', async () => {
    expect(first.deltas.length).toBeGreaterThan(0);
    const count = first.deltas.find((d) => d.kpi === 'cases.count' && Object.keys(d.group).length === 0)!;
    expect(count).toMatchObject({ baseline: 48, proposal: 48, delta: 0, ci95: [0, 0] });
    const single = await runSimulation({ ...options(1), replicates: 1, cases: 12 });
    expect(single.deltas.every((d) => d.ci95 === null)).toBe(true);
  });

  it('Punjab proposal: a late scrutiny is escalated to the DPP (level 3), never to the DDPP as under 2026.1', async () => {
    const [before, after] = await Promise.all([simulateCases(baseline, 120, 11), simulateCases(proposal, 120, 11)]);
    const lateScrutinyTasks = (cases: SimulatedCase[]) =>
      cases.flatMap((c) => c.state.escalations.filter((e) => e.cause.kind === 'clock-breach' && e.cause.clockId === 'scrutiny-return').map((e) => e.history[0]!));
    const underBaseline = lateScrutinyTasks(before);
    const underProposal = lateScrutinyTasks(after);
    expect(underBaseline.length).toBeGreaterThan(0);
    expect(new Set(underBaseline.map((h) => `${h.role}/${h.level}`))).toEqual(new Set(['ddpp/2']));
    expect(underProposal.every((h) => h.role === 'dpp' && h.level === 3)).toBe(true);
    // Five days instead of three: fewer scrutinies run late.
    expect(underProposal.length).toBeLessThan(underBaseline.length);
  });

  it('each case records a script that replays under the same SOP to the same state', async () => {
    const cases = await simulateCases(baseline, 40, 5);
    const horizon = horizonOf(loadCohortFile(cohortPath, [{ path: baselinePath, bundle: baseline }]));
    for (const c of cases) {
      const replayed = replayScript(baseline, c.script, horizon);
      expect(replayed.refused).toBe(0);
      expect(replayed.state.timeline).toEqual(c.state.timeline);
      expect(replayed.state.escalations).toEqual(c.state.escalations);
      expect(replayed.state.stage).toBe(c.state.stage);
    }
  });

  it('writes nothing to disk', () => {
    expect(fs.existsSync(path.join(root, 'report.json'))).toBe(false);
  });
});

describe('the simulated people speak the pack vocabulary', () => {
  it('every shipped pack declares every event the agent sends; a pack without one is named with what it lacks', () => {
    for (const file of ['punjab/punjab-2026.1.yaml', 'punjab/punjab-2026.2-proposal.yaml', 'sindh/sindh-2026.1.yaml', 'khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml', 'balochistan/balochistan-2026.1.yaml']) {
      const bundle = loadBundleFile(`sop-definitions/${file}`);
      expect(missingAgentEvents(bundle.pack.events.map((e) => e.type)), file).toEqual([]);
    }
    expect(missingAgentEvents(['ACCUSED_ARRESTED'])).toContain('CASE_CLOSED');
  });
});
