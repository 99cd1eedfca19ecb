// A seeded small simulation of every province's cohort, reduced to what must never change by accident: each
// run's report (KPIs, deltas) and a digest of every simulated case's script and final state. The fixture beside
// it was written by `npx tsx test/simulator/seeded-run.ts --write` on the code before the compiled core (main
// at babb790: every branch merged but the compiled core, whose merge is the next commit; first written at 41edb12), so the test
// compares today's simulator with the old one, not with itself.
import fs from 'node:fs';
import path from 'node:path';
import { loadBundleFile, loadCohortFile, loadHistoryFile } from '../../sources/load-sources';
import { contentHash } from '../../rules/compiler/content-hash';
import { runSimulation } from '../../simulator/run-simulation';
import { simulateCohort } from '../../simulator/engine/simulate-cohort';

const root = path.resolve(import.meta.dirname, '../..');
export const FIXTURE = path.join(root, 'test/simulator/fixtures/seeded-run.json');

const PROVINCES = [
  { cohort: 'sop-definitions/cohorts/punjab-2026.yaml', baseline: 'sop-definitions/punjab/punjab-2026.1.yaml', proposal: 'sop-definitions/punjab/punjab-2026.2-proposal.yaml' },
  { cohort: 'sop-definitions/cohorts/sindh-2026.yaml', baseline: 'sop-definitions/sindh/sindh-2026.1.yaml', proposal: 'sop-definitions/sindh/sindh-2026.1.yaml' },
  { cohort: 'sop-definitions/cohorts/khyber-pakhtunkhwa-2026.yaml', baseline: 'sop-definitions/khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml', proposal: 'sop-definitions/khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml' },
  { cohort: 'sop-definitions/cohorts/balochistan-2026.yaml', baseline: 'sop-definitions/balochistan/balochistan-2026.1.yaml', proposal: 'sop-definitions/balochistan/balochistan-2026.1.yaml' },
];
const CASES = 600;
const SEED = 20_260_515;

export interface SeededRun {
  /** contentHash of each whole report (every KPI of every group, every delta). */
  reportDigests: Record<string, string>;
  /** Each report's province-wide figures, so a difference can be read and not only detected. */
  headlines: Record<string, unknown>;
  caseDigests: Record<string, string>;
}

type Report = Awaited<ReturnType<typeof runSimulation>>;

function headline(report: Report): unknown {
  const side = (results: Report['baseline']) =>
    results.map((r) => ({ cases: r.cases, refusedEvents: r.refusedEvents, kpis: r.kpis.filter((k) => Object.keys(k.group).length === 0).map((k) => `${k.kpi} ${JSON.stringify(k.group)} ${k.value} n=${k.n}`) }));
  return { baseline: side(report.baseline), proposal: side(report.proposal) };
}

export async function seededRun(): Promise<SeededRun> {
  const reports: Record<string, Report> = {};
  const caseDigests: Record<string, string> = {};
  const rel = (p: string): string => path.join(root, p);
  for (const p of PROVINCES) {
    const baseline = loadBundleFile(rel(p.baseline));
    const proposal = loadBundleFile(rel(p.proposal));
    const named = [{ path: p.baseline, bundle: baseline }, { path: p.proposal, bundle: proposal }];
    const spec = loadCohortFile(rel(p.cohort), named);
    const report = await runSimulation({ baseline: named[0]!, proposal: named[1]!, source: { kind: 'cohort', spec, path: p.cohort }, cases: CASES, seed: SEED, replicates: 2, threads: 1 });
    reports[p.cohort] = report;
    for (const [which, bundle] of [['baseline', baseline], ['proposal', proposal]] as const) {
      const cases = await simulateCohort(spec, bundle, SEED, CASES / 2);
      caseDigests[`${p.cohort} ${which}`] = contentHash(cases.map((c) => ({ index: c.index, refused: c.refused, script: c.script, state: c.state, caseSopHash: c.sop.caseSopHash })));
    }
  }
  const history = 'sop-definitions/history/punjab-sample-events.csv';
  const baseline = loadBundleFile(rel(PROVINCES[0]!.baseline));
  const proposal = loadBundleFile(rel(PROVINCES[0]!.proposal));
  const scripts = loadHistoryFile(rel(history), baseline.pack);
  reports[history] = await runSimulation({
    baseline: { path: PROVINCES[0]!.baseline, bundle: baseline },
    proposal: { path: PROVINCES[0]!.proposal, bundle: proposal },
    source: { kind: 'history', scripts, path: history },
    seed: SEED,
    replicates: 1,
    threads: 1,
  });
  return {
    reportDigests: Object.fromEntries(Object.entries(reports).map(([k, r]) => [k, contentHash(r)])),
    headlines: Object.fromEntries(Object.entries(reports).map(([k, r]) => [k, headline(r)])),
    caseDigests,
  };
}

if (process.argv.includes('--write')) {
  const run = await seededRun();
  fs.writeFileSync(FIXTURE, `${JSON.stringify(run, null, 1)}\n`);
  console.log(`wrote ${FIXTURE}`);
}
