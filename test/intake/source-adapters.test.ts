// The source-system adapters: each CMMS/CFMS code and PMIS movement maps to the documented sopflow event (or
// to nothing, said why), ids derive from the source's record id, and PMIS facts drive the custody clocks of
// the Punjab pack through the pure case engine: s.344 judicial remand renewed by each production, the s.497
// statutory-bail clock started by the arrest the admission carries, both ended by bail.
import { describe, expect, it } from 'vitest';
import { CMMS_CODES, cmmsRecord, mapCmmsRecord, type CmmsCode } from '../../api/intake/cmms-adapter';
import type { MappedItem, Mapping } from '../../api/intake/intake-item';
import { mapPmisRecord, pmisRecord } from '../../api/intake/pmis-adapter';
import { applyEvent, openCase, prepareCase, type CaseState } from '../../rules/case-engine/index';
import { loadBundleFile } from '../../sources/load-sources';

const fir = { province: 'punjab' as const, district: 'Lahore', policeStation: 'Model Town', number: '77', year: 2026 };
const CASE_ID = 'case/punjab/lahore/model-town/77-2026';
const DAY = 86_400_000;

function item(m: Mapping): MappedItem {
  if (!m.ok) throw new Error(`mapping failed: ${m.field}: ${m.message}`);
  return m.item;
}

describe('CMMS/CFMS feed', () => {
  it('every code maps to an event of every province\u2019s pack, under an id derived from the record', () => {
    const packs = ['punjab/punjab-2026.1', 'sindh/sindh-2026.1', 'khyber-pakhtunkhwa/khyber-pakhtunkhwa-2026.1', 'balochistan/balochistan-2026.1'].map((p) => loadBundleFile(`sop-definitions/${p}.yaml`));
    for (const pack of packs) {
      const types = new Set(pack.pack.events.map((e) => e.type));
      for (const type of Object.values(CMMS_CODES)) expect(types.has(type), `${pack.pack.province} lacks ${type}`).toBe(true);
    }
    for (const code of Object.keys(CMMS_CODES) as CmmsCode[]) {
      if (code === 'FIR' || code === 'JUDGMENT') continue;
      const mapped = item(mapCmmsRecord(cmmsRecord.parse({ recordId: `r-${code}`, code, occurredAt: '2026-03-01T10:00:00+05:00', fir })));
      expect(mapped).toMatchObject({ kind: 'event', caseId: CASE_ID, event: { id: `cmms:r-${code}`, type: CMMS_CODES[code], at: Date.parse('2026-03-01T05:00:00Z') } });
    }
  });

  it('an FIR record opens the case with its offence and the accused\u2019s attributes; facts travel with their events', () => {
    const open = item(mapCmmsRecord(cmmsRecord.parse({ recordId: 'f', code: 'FIR', occurredAt: '2026-03-01T10:00:00Z', fir, offence: { class: 'theft', sections: ['379'] }, accused: { inCustody: true } })));
    expect(open).toMatchObject({ kind: 'open', caseId: CASE_ID, jurisdiction: { district: 'lahore', policeStation: 'model-town' }, facts: { offence: { class: 'theft', sections: ['379'] }, accused: { inCustody: true } } });
    expect(mapCmmsRecord(cmmsRecord.parse({ recordId: 'f', code: 'FIR', occurredAt: '2026-03-01T10:00:00Z', fir }))).toMatchObject({ ok: false, field: 'offence' });
    expect(item(mapCmmsRecord(cmmsRecord.parse({ recordId: 's', code: 'SCRUTINY', occurredAt: '2026-03-01T10:00:00Z', fir, objections: ['no-forensic-report'] })))).toMatchObject({ event: { facts: { scrutiny: { objections: ['no-forensic-report'] } } } });
    expect(item(mapCmmsRecord(cmmsRecord.parse({ recordId: 'j', code: 'JUDGMENT', occurredAt: '2026-03-01T10:00:00Z', fir, outcome: 'acquittal' })))).toMatchObject({ event: { type: 'JUDGMENT_DELIVERED', facts: { judgment: { outcome: 'acquittal' } } } });
    expect(mapCmmsRecord(cmmsRecord.parse({ recordId: 'j', code: 'JUDGMENT', occurredAt: '2026-03-01T10:00:00Z', fir }))).toMatchObject({ ok: false, field: 'outcome' });
  });

  it('a bad FIR reference or record is refused naming the field', () => {
    expect(mapCmmsRecord(cmmsRecord.parse({ recordId: 'x', code: 'HEARING', occurredAt: '2026-03-01T10:00:00Z', fir: { ...fir, number: '7 7' } }))).toMatchObject({ ok: false, field: 'fir.number' });
    expect(cmmsRecord.safeParse({ recordId: 'x', code: 'NOPE', occurredAt: '2026-03-01T10:00:00Z', fir }).success).toBe(false);
    expect(cmmsRecord.safeParse({ recordId: 'x', code: 'HEARING', occurredAt: '2026-03-01 10:00', fir }).success).toBe(false);
    expect(cmmsRecord.safeParse({ recordId: 'x', code: 'HEARING', occurredAt: '2026-03-01T10:00:00Z', fir, complainantName: 'A' }).success).toBe(false);
  });
});

describe('PMIS custody feed', () => {
  const at = '2026-03-01T10:00:00Z';
  const map = (r: Record<string, unknown>): Mapping[] => mapPmisRecord(pmisRecord.parse({ recordId: 'p1', occurredAt: at, fir, ...r }));
  it('maps each movement as MAPPINGS.md says', () => {
    expect(map({ movement: 'admission', warrant: 'judicial-remand', arrestedAt: '2026-02-27T08:00:00Z' }).map((m) => item(m))).toMatchObject([
      { kind: 'event', event: { id: 'pmis:p1:arrest', type: 'ACCUSED_ARRESTED', at: Date.parse('2026-02-27T08:00:00Z'), facts: { accused: { inCustody: true } } } },
      { kind: 'event', event: { id: 'pmis:p1', type: 'JUDICIAL_REMAND_ORDERED', at: Date.parse(at) } },
    ]);
    expect(map({ movement: 'admission', warrant: 'convicted' }).map((m) => item(m).kind)).toEqual(['ignored']);
    expect(map({ movement: 'admission' })).toMatchObject([{ ok: false, field: 'warrant' }]);
    expect(item(map({ movement: 'production', courtOrder: 'remand-extended' })[0]!)).toMatchObject({ event: { type: 'JUDICIAL_REMAND_ORDERED' } });
    expect(item(map({ movement: 'production', courtOrder: 'physical-remand' })[0]!)).toMatchObject({ event: { type: 'PHYSICAL_REMAND_ORDERED' } });
    expect(item(map({ movement: 'production', courtOrder: 'adjourned' })[0]!)).toMatchObject({ event: { type: 'HEARING_ADJOURNED' } });
    expect(item(map({ movement: 'production', courtOrder: 'bail-granted' })[0]!).kind).toBe('ignored');
    expect(map({ movement: 'production' })).toMatchObject([{ ok: false, field: 'courtOrder' }]);
    expect(item(map({ movement: 'transfer', transferTo: 'prison' })[0]!).kind).toBe('ignored');
    expect(item(map({ movement: 'transfer', transferTo: 'police-custody' })[0]!)).toMatchObject({ event: { type: 'PHYSICAL_REMAND_ORDERED' } });
    for (const movement of ['release', 'bail']) expect(item(map({ movement })[0]!)).toMatchObject({ event: { type: 'ACCUSED_RELEASED', facts: { accused: { inCustody: false } } } });
  });

  it('drives the s.344 and s.497 clocks of the Punjab pack from prison facts', async () => {
    const bundle = loadBundleFile('sop-definitions/punjab/punjab-2026.1.yaml');
    const firAt = Date.parse('2026-03-01T04:00:00Z');
    const { sop, facts } = await prepareCase(bundle, { province: 'punjab', district: 'lahore', policeStation: 'model-town', fir: { number: '77', year: 2026 }, offence: { class: 'theft' } });
    let state: CaseState = (await openCase(sop, facts, firAt)).state;
    const feed = async (r: Record<string, unknown>): Promise<void> => {
      for (const m of mapPmisRecord(pmisRecord.parse({ fir, ...r }))) {
        const mapped = item(m);
        if (mapped.kind !== 'event') continue;
        const outcome = await applyEvent(sop, state, { ...mapped.event, at: mapped.event.at! });
        expect(outcome.status, JSON.stringify(outcome)).toBe('applied');
        state = outcome.state;
      }
    };
    const clock = (id: string): CaseState['clocks'][number] | undefined => state.clocks.filter((c) => c.clockId === id).at(-1);
    await feed({ recordId: 'a', movement: 'admission', warrant: 'judicial-remand', occurredAt: new Date(firAt + 2 * DAY).toISOString(), arrestedAt: new Date(firAt + DAY).toISOString() });
    expect(clock('judicial-remand-renewal')).toMatchObject({ status: 'running', startedAt: firAt + 2 * DAY });
    expect(clock('statutory-bail-1y')).toMatchObject({ status: 'running', startedAt: firAt + DAY });
    const firstDue = clock('judicial-remand-renewal')!.dueAt!;
    // Produced before the court on day 14, remand extended: the 15-day clock starts again from the order.
    await feed({ recordId: 'b', movement: 'production', courtOrder: 'remand-extended', occurredAt: new Date(firAt + 14 * DAY).toISOString() });
    expect(clock('judicial-remand-renewal')).toMatchObject({ status: 'running', startedAt: firAt + 14 * DAY });
    expect(clock('judicial-remand-renewal')!.dueAt! - firstDue).toBe(12 * DAY);
    // A transfer between prisons changes nothing; bail and release end the custody clocks.
    await feed({ recordId: 'c', movement: 'transfer', transferTo: 'prison', occurredAt: new Date(firAt + 15 * DAY).toISOString() });
    expect(clock('judicial-remand-renewal')!.status).toBe('running');
    await feed({ recordId: 'd', movement: 'bail', occurredAt: new Date(firAt + 20 * DAY).toISOString() });
    expect([clock('judicial-remand-renewal')!.status, clock('statutory-bail-1y')!.status]).toEqual(['cancelled', 'cancelled']);
    expect(state.facts.accused.inCustody).toBe(false);
  });
});
