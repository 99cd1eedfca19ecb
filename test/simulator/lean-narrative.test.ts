// A KPI-only run leaves the case's narrative out (StepOptions.narrative false): the timeline keeps its stage
// changes only and gate results keep no rule outcomes. Everything else a case holds must be what the full run
// gives, case by case, for every province's cohort; and the in-place steps' indexed log must still tell a resend
// from an id reused.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile, loadCohortFile } from '../../sources/load-sources';
import { applyEventSync, openCaseSync, prepareCaseSync, type CaseState } from '../../rules/case-engine/index';
import { KpiAccumulator } from '../../rules/kpi/kpi-accumulator';
import type { CaseFactsInput } from '../../rules/schema/case-facts';
import { planArrivals } from '../../simulator/engine/arrival-plan';
import { simulateBatch, type SimulatedCase } from '../../simulator/engine/simulate-batch';

const root = path.resolve(import.meta.dirname, '../..');
const PROVINCES = [
  ['cohorts/punjab-2026.yaml', 'punjab/punjab-2026.1.yaml'],
  ['cohorts/sindh-2026.yaml', 'sindh/sindh-2026.1.yaml'],
  ['cohorts/khyber-pakhtunkhwa-2026.yaml', 'khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1.yaml'],
  ['cohorts/balochistan-2026.yaml', 'balochistan/balochistan-2026.1.yaml'],
] as const;

function run(cohort: string, pack: string, narrative: boolean): SimulatedCase[] {
  const packPath = path.join(root, 'sop-definitions', pack);
  const bundle = loadBundleFile(packPath);
  const spec = loadCohortFile(path.join(root, 'sop-definitions', cohort), [{ path: packPath, bundle }]);
  const out: SimulatedCase[] = [];
  for (const arrivals of planArrivals(spec, 400)) {
    simulateBatch({ spec, bundle, seed: 77, arrivals, from: 0, to: arrivals.count, recordScripts: false, narrative, onCase: (c) => out.push(c) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The state with its narrative taken out, as a lean run should have kept it. */
function withoutNarrative(state: CaseState): CaseState {
  return { ...state, timeline: state.timeline.filter((t) => t.kind === 'stage'), gateResults: state.gateResults.map((g) => ({ ...g, rules: [] })) };
}

describe('a KPI-only simulation leaves the narrative out and nothing else', () => {
  for (const [cohort, pack] of PROVINCES) {
    it(`${pack}: the same cases, clocks, escalations, logs and verdicts, and the same KPIs`, () => {
      const full = run(cohort, pack, true);
      const lean = run(cohort, pack, false);
      expect(lean.map((c) => c.index)).toEqual(full.map((c) => c.index));
      let narrated = 0;
      let ruleOutcomes = 0;
      for (const [i, f] of full.entries()) {
        const l = lean[i]!;
        expect(l.refused).toBe(f.refused);
        expect(l.state.timeline.every((t) => t.kind === 'stage')).toBe(true);
        expect(l.state.gateResults.every((g) => g.rules.length === 0)).toBe(true);
        expect(JSON.parse(JSON.stringify(l.state))).toEqual(JSON.parse(JSON.stringify(withoutNarrative(f.state))));
        narrated += f.state.timeline.length - l.state.timeline.length;
        ruleOutcomes += f.state.gateResults.reduce((n, g) => n + g.rules.length, 0);
      }
      // The full run did narrate, so the comparison above had something to leave out.
      expect(narrated).toBeGreaterThan(full.length);
      expect(ruleOutcomes).toBeGreaterThan(0);
      const kpis = (cases: SimulatedCase[]) => {
        const acc = new KpiAccumulator();
        for (const c of cases) acc.addCase(c.state, c.sop);
        return JSON.stringify(acc.finalise());
      };
      expect(kpis(lean)).toBe(kpis(full));
    }, 60_000);
  }
});

describe('in-place steps find logged events through an index', () => {
  const packPath = path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml');
  const bundle = loadBundleFile(packPath);
  const facts: CaseFactsInput = { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '77', year: 2026 }, offence: { class: 'theft' }, accused: { inCustody: false } };
  const IN_PLACE = { inPlace: true, discardEffects: true } as const;

  it('a resend is a duplicate, a reused id is refused, and a new id is applied, as without the index', () => {
    const prepared = prepareCaseSync(bundle, facts);
    const t0 = Date.parse('2026-03-02T05:00:00Z');
    const inPlace = openCaseSync(prepared.sop, prepared.facts, t0, 'fir', [], IN_PLACE).state;
    const copied = openCaseSync(prepared.sop, prepared.facts, t0).state;
    const arrested = { id: 'e1', type: 'ACCUSED_ARRESTED', at: t0 + 3_600_000, facts: { accused: { inCustody: true } } };
    const steps = [
      arrested,
      { ...arrested }, // a resend: same content
      { id: 'e1', type: 'INTERIM_CHALLAN_SUBMITTED', at: t0 + 7_200_000 }, // the id again, another event
      { id: 'fir', type: 'INTERIM_CHALLAN_SUBMITTED', at: t0 + 7_200_000 }, // the FIR's id
      { id: 'e2', type: 'INTERIM_CHALLAN_SUBMITTED', at: t0 + 7_200_000 },
    ];
    let a = inPlace;
    let b = copied;
    const statuses: string[] = [];
    for (const event of steps) {
      const x = applyEventSync(prepared.sop, a, event, IN_PLACE);
      const y = applyEventSync(prepared.sop, b, event);
      expect(x.status).toBe(y.status);
      statuses.push(x.status === 'rejected' ? `rejected${x.conflict ? `:${x.conflict}` : ''}` : x.status);
      a = x.state;
      b = y.state;
    }
    expect(statuses).toEqual(['applied', 'duplicate', 'rejected:id-reused', 'rejected:id-reused', 'applied']);
    expect(a.log.map((e) => e.id)).toEqual(b.log.map((e) => e.id));
  });
});
