// A bundle loads whole or not at all, and a broken one reports every defect at once, not just the first.
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../../rules/loader/load-sop';
import { breakBundle, breakOverlay, breakPack, assertLocatedError, overlayTexts, PACK_FILE, punjabText } from './helpers';

describe('a bundle loads whole or not at all', () => {
  it('the valid Punjab pack loads with the four overlays it enables, in its order', () => {
    const result = loadBundle({ file: PACK_FILE, text: punjabText }, [...overlayTexts]);
    expect(result.ok ? result.value.overlays.map((o) => o.id) : result.errors).toEqual(['ata-1997', 'anti-rape-2021', 'jjsa-2018', 'cnsa-1997']);
  });

  it('a valid pack with one broken overlay returns errors and no value (not the pack alone)', () => {
    const b = breakOverlay('jjsa-2018.yaml', { replace: 'provinces: [punjab, sindh, khyber-pakhtunkhwa, balochistan]', with: 'provinces: ‸[sindh]' });
    expect(b.result).toEqual({ ok: false, errors: b.errors });
    expect(b.errors).toHaveLength(1);
    assertLocatedError(b, { path: 'provinces', message: 'overlay does not apply to punjab' });
  });

  it('an overlay whose YAML does not parse fails the bundle too, and the pack then misses it', () => {
    const b = breakOverlay('cnsa-1997.yaml', { after: 'id: cnsa-1997', insert: '‸id: cnsa-1998' });
    expect(b.result).toEqual({ ok: false, errors: b.errors });
    assertLocatedError(b, { path: '', message: 'YAML: Map keys must be unique' });
    assertLocatedError(b, { file: PACK_FILE, path: 'overlays[3]', message: 'overlay "cnsa-1997" was not found', at: 'jjsa-2018, ‸cnsa-1997]' });
  });

  it('one clean defect gives exactly one error (no noise around it)', () => {
    const b = breakPack({ replace: 'amount: 14,', with: 'amount: ‸0,' });
    expect(b.errors).toHaveLength(1);
    assertLocatedError(b, { path: 'clocks[0].duration.amount', message: 'must be greater than 0' });
  });
});

describe('several defects are all reported', () => {
  it('five schema defects in one pack → five errors, each located', () => {
    const b = breakPack([
      { after: 'supersedes: null', insert: 'colour: green' },
      { replace: 'version: "2026.1"', with: 'version: 2026.1' },
      { replace: 'type: WITNESS_ABSENT', with: 'type: witness-absent' },
      { replace: '- id: fit_for_trial', with: '- id: Fit-for-trial' },
      { replace: 'amount: 14,', with: 'amount: 0,' },
    ]);
    assertLocatedError(b, { path: 'colour', message: 'unknown field', at: '‸colour: green' });
    assertLocatedError(b, { path: 'version', message: 'expected string, received number', at: 'version: ‸2026.1' });
    assertLocatedError(b, { path: 'events[13].type', message: 'must be UPPER_SNAKE_CASE', at: 'type: ‸witness-absent' });
    assertLocatedError(b, { path: 'stages[5].id', message: 'must be lowercase letters', at: '- id: ‸Fit-for-trial' });
    assertLocatedError(b, { path: 'clocks[0].duration.amount', message: 'must be greater than 0', at: 'amount: ‸0,' });
    expect(b.errors).toHaveLength(5);
  });

  it('nine reference defects across the pack and two overlays → nine errors, each in its own file', () => {
    const b = breakBundle({
      [PACK_FILE]: [
        { replace: 'cnsa-1997]', with: 'cnsa-1997, peca-2016]' },
        { replace: '{ date: "2027-02-05"', with: '{ date: "2026-02-06"', below: '  - id: office' },
        { replace: '{ role: dpo,', with: '{ role: sho,' },
        { replace: 'event: CHARGE_FRAMED', with: 'event: CHARGES_FRAMED' },
        { replace: 'warnBefore: { amount: 3, unit: calendarDays }', with: 'warnBefore: { amount: 15, unit: calendarDays }' },
        { replace: 'calendar: office', below: '- id: scrutiny-return', with: 'calendar: courts' },
        { replace: 'fact: scrutiny.objections', with: 'fact: scrutiny.objection' },
      ],
      'jjsa-2018.yaml': { replace: 'provinces: [punjab, sindh, khyber-pakhtunkhwa, balochistan]', with: 'provinces: [sindh]' },
      'ata-1997.yaml': { replace: '  - clock: victim-appeal', with: '  - clock: victim-appeals' },
    });
    const pack = (path: string, message: string, at: string): void => {
      assertLocatedError(b, { file: PACK_FILE, path, message, at });
    };
    pack('overlays[4]', 'overlay "peca-2016" was not found', 'cnsa-1997, ‸peca-2016]');
    pack('calendars[0].holidays.2027[0].date', 'holiday 2026-02-06 is listed under year 2027', '{ date: ‸"2026-02-06"');
    pack('ladders[0].levels[4].role', 'ladder has a cycle: role "sho" already appears at level 2', '{ role: ‸sho, sla: { amount: 5,');
    pack('stages[6].on[0].event', 'unknown event "CHARGES_FRAMED"', 'event: ‸CHARGES_FRAMED');
    pack('clocks[0].warnBefore.amount', 'warnBefore must be shorter than the duration', 'warnBefore: { amount: ‸15,');
    pack('clocks[9].calendar', 'unknown calendar "courts"', 'calendar: ‸courts');
    pack('gates[0].rules[0].conditions.all[0].fact', 'unknown fact "scrutiny.objection"', 'fact: ‸scrutiny.objection');
    assertLocatedError(b, { file: 'jjsa-2018.yaml', path: 'provinces', message: 'overlay does not apply to punjab', at: 'provinces: ‸[sindh]' });
    assertLocatedError(b, { file: 'ata-1997.yaml', path: 'suspend[3].clock', message: 'unknown clock "victim-appeals"', at: 'clock: ‸victim-appeals' });
    expect(b.errors).toHaveLength(9);
  });
});
