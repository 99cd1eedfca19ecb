// KPI accumulators merge exactly: however cases are split across workers, merging the parts gives the same
// KPIs as accumulating the whole, and the output order never depends on the order cases arrived in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../rules/case-engine/index';
import { KpiAccumulator, type KpiSop } from '../../rules/kpi/kpi-accumulator';
import { quantileDays, addDuration, type DurationHistogram } from '../../rules/kpi/duration-histogram';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00+05:00');
const sop = {
  initialStage: 'investigation',
  clocks: [
    { id: 'investigation', citation: { section: 's.173(1) proviso' } },
    { id: 'statutory-bail-1y', citation: { section: 's.497(1) third proviso (a)' } },
  ],
} as unknown as KpiSop;

const clockArb = fc.record({
  clockId: fc.constantFrom('investigation', 'statutory-bail-1y'),
  status: fc.constantFrom('running', 'paused', 'breached', 'met', 'cancelled'),
  late: fc.boolean(),
  breached: fc.boolean(),
});

/** The parts of a final case state the accumulator reads. */
const caseArb = fc
  .record({
    district: fc.constantFrom('lahore', 'multan', 'okara'),
    offenceClass: fc.constantFrom('theft', 'murder'),
    clocks: fc.array(clockArb, { maxLength: 4 }),
    stages: fc.array(fc.tuple(fc.constantFrom('scrutiny', 'trial', 'closed'), fc.integer({ min: 0, max: 900 * DAY })), { maxLength: 5 }),
    scrutinies: fc.array(fc.boolean(), { maxLength: 3 }),
    courtAfter: fc.option(fc.integer({ min: 0, max: 400 * DAY })),
    escalations: fc.array(fc.tuple(fc.constantFrom('ddpp', 'dpp', 'sho'), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 700 * DAY })), { maxLength: 3 }),
  })
  .map((c): CaseState => {
    let at = T0;
    const stages = c.stages.map(([ref, gap]) => ({ at: (at += gap), kind: 'stage' as const, text: 'stage', ref }));
    const log = [
      ...c.scrutinies.map((_, i) => ({ id: `s${i}`, type: 'SCRUTINY_COMPLETED', at: T0 + i * DAY, seq: i })),
      ...(c.courtAfter === null ? [] : [{ id: 'court', type: 'CHALLAN_FILED_IN_COURT', at: T0 + c.courtAfter, seq: 9 }]),
    ];
    return {
      openedAt: T0,
      facts: { province: 'punjab', district: c.district, offence: { class: c.offenceClass } },
      clocks: c.clocks.map((k, i) => ({ key: `${k.clockId}#${i}`, clockId: k.clockId, status: k.status, late: k.late, ...(k.breached ? { breachedAt: T0 } : {}) })),
      timeline: stages,
      log,
      gateResults: c.scrutinies.map((passed, i) => ({ eventId: `s${i}`, passed })),
      escalations: c.escalations.map(([role, level, after], i) => ({ id: `e${i}`, history: [{ at: T0 + after, action: 'opened', role, level }] })),
    } as unknown as CaseState;
  });

describe('KPI accumulators', () => {
  it('merging the parts of any split equals accumulating the whole (property)', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 30 }), fc.array(fc.nat(3)), (cases, assignment) => {
        const whole = new KpiAccumulator();
        for (const c of cases) whole.addCase(c, sop);
        const parts = [0, 1, 2, 3].map(() => new KpiAccumulator());
        cases.forEach((c, i) => parts[assignment[i] ?? 0]!.addCase(c, sop));
        // Merge in a different order than the parts were filled, through the plain-JSON form workers send.
        const merged = new KpiAccumulator();
        for (const p of [...parts].reverse()) merged.mergeData(JSON.parse(JSON.stringify(p.toData())) as ReturnType<KpiAccumulator['toData']>);
        expect(JSON.stringify(merged.finalise())).toBe(JSON.stringify(whole.finalise()));
        expect(JSON.stringify(merged.toData())).toBe(JSON.stringify(whole.toData()));
      }),
      { numRuns: 100 },
    );
  });

  it('finalised values are sorted by KPI and group, and shares stay within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 20 }), (cases) => {
        const acc = new KpiAccumulator();
        for (const c of cases) acc.addCase(c, sop);
        const values = acc.finalise();
        const keys = values.map((v) => `${v.kpi}|${JSON.stringify(Object.entries(v.group))}`);
        expect(keys).toEqual([...keys].sort());
        for (const v of values) if (v.kpi.endsWith('_share') || v.kpi.endsWith('_rate')) expect(v.value).toBeGreaterThanOrEqual(0);
        for (const v of values) if (v.kpi.endsWith('_share') || v.kpi.endsWith('_rate')) expect(v.value).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('histogram quantiles land within one bin (2%, or an hour) of the exact nearest-rank value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3650 * DAY }), { minLength: 1, maxLength: 200 }), fc.constantFrom(0.5, 0.9), (values, q) => {
        const h: DurationHistogram = {};
        for (const v of values) addDuration(h, v);
        const exact = [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]! / DAY;
        const approx = quantileDays(h, q)!;
        expect(Math.abs(approx - exact)).toBeLessThanOrEqual(Math.max(1 / 24, exact * 0.021) + 0.001);
      }),
    );
  });
});
