// One defect at a time in an overlay the valid Punjab pack enables: the error names the overlay's file
// (not the pack's), with the line, column, field path and message.
import { describe, it } from 'vitest';
import { breakOverlay, assertLocatedError, type Edit } from './helpers';

interface OverlayDefect {
  defect: string;
  overlay: string;
  edit: Edit | Edit[];
  path: string;
  message: string | RegExp;
  at?: string;
}

const citation = '    citation: { law: Test Act, section: s.1, verified: false, confidence: low }';

/** A `tighten:` block inserted before the overlay's `gates:`; the caret may sit in `lines`. */
function tighten(...lines: string[]): Edit {
  return { replace: 'gates:', with: ['tighten:', ...lines, citation, '', 'gates:'].join('\n') };
}

function checkAll(defects: readonly OverlayDefect[]): void {
  for (const d of defects) {
    it(`${d.defect} (${d.overlay}) → ${d.path}: ${String(d.message)}`, () => {
      assertLocatedError(breakOverlay(d.overlay, d.edit), { path: d.path, message: d.message, at: d.at });
    });
  }
}

describe('broken overlays', () => {
  checkAll([
    {
      defect: 'overlay tightening a clock the pack does not have',
      overlay: 'cnsa-1997.yaml',
      edit: tighten('  - clock: ‸investigaton', '    duration: { amount: 10, unit: calendarDays }'),
      path: 'tighten[0].clock',
      message: 'unknown clock "investigaton"',
    },
    {
      defect: 'overlay that lengthens a clock instead of tightening it',
      overlay: 'cnsa-1997.yaml',
      edit: tighten('  - clock: investigation', '    duration: ‸{ amount: 20, unit: calendarDays }'),
      path: 'tighten[0].duration',
      message: 'tighten may only shorten clock "investigation" (14 calendarDays in the pack)',
    },
    {
      defect: 'overlay that lengthens a clock by changing its unit (24 hours → 3 calendar days)',
      overlay: 'cnsa-1997.yaml',
      edit: tighten('  - clock: production-before-magistrate', '    duration: ‸{ amount: 3, unit: calendarDays }'),
      path: 'tighten[0].duration',
      message: 'tighten may only shorten clock "production-before-magistrate" (24 hours in the pack)',
    },
    {
      defect: 'overlay moving a 24-hour clock to working days (a longer kind of unit)',
      overlay: 'cnsa-1997.yaml',
      edit: tighten('  - clock: production-before-magistrate', '    duration: ‸{ amount: 1, unit: workingDays }'),
      path: 'tighten[0].duration',
      message: 'tighten may only shorten clock "production-before-magistrate"',
    },
    {
      defect: 'overlay tightening onto a calendar that does not exist',
      overlay: 'cnsa-1997.yaml',
      edit: tighten('  - clock: investigation', '    calendar: ‸holidays'),
      path: 'tighten[0].calendar',
      message: 'unknown calendar "holidays"',
    },
    {
      defect: 'overlay whose match can never be true',
      overlay: 'jjsa-2018.yaml',
      edit: {
        replace: '    - { fact: accused.juvenile, operator: equal, value: true }',
        with: ['    - { fact: offence.class, operator: equal, value: theft }', '    - { fact: offence.class, operator: equal, value: murder }'].join('\n'),
      },
      path: 'match',
      message: 'overlay matches nothing: its conditions contradict each other',
      at: 'match:\n  ‸all:',
    },
    {
      defect: 'overlay for provinces that do not include the pack’s',
      overlay: 'jjsa-2018.yaml',
      edit: { replace: 'provinces: [punjab, sindh, khyber-pakhtunkhwa, balochistan]', with: 'provinces: ‸[sindh, balochistan]' },
      path: 'provinces',
      message: 'overlay does not apply to punjab, yet pack punjab 2026.1 enables it',
    },
    {
      defect: 'overlay matching on a fact that does not exist',
      overlay: 'ata-1997.yaml',
      edit: { replace: 'fact: offence.terrorism', with: 'fact: ‸offence.terrorist' },
      path: 'match.all[0].fact',
      message: 'unknown fact "offence.terrorist"',
    },
    {
      defect: 'overlay match with an unknown operator inside a nested any',
      overlay: 'ata-1997.yaml',
      edit: {
        replace: '    - { fact: offence.terrorism, operator: equal, value: true }',
        with: [
          '    - any:',
          '        - { fact: offence.terrorism, operator: equal, value: true }',
          '        - { fact: offence.class, operator: ‸is, value: terrorism }',
        ].join('\n'),
      },
      path: 'match.all[0].any[1].operator',
      message: 'Invalid option',
    },
    {
      defect: 'overlay adding a clock whose id the pack already uses',
      overlay: 'cnsa-1997.yaml',
      edit: { replace: '  - id: sample-dispatch', with: '  - id: ‸investigation' },
      path: 'clocks[0].id',
      message: 'clock "investigation" already exists in the pack: use tighten to change it',
    },
    {
      defect: 'overlay adding a gate whose id the pack already uses',
      overlay: 'cnsa-1997.yaml',
      edit: { replace: '  - id: narcotics-evidence', with: '  - id: ‸challan-scrutiny' },
      path: 'gates[0].id',
      message: 'gate "challan-scrutiny" already exists in the pack',
    },
    {
      defect: 'overlay suspending a clock the pack does not have',
      overlay: 'ata-1997.yaml',
      edit: { replace: '  - clock: victim-appeal', with: '  - clock: ‸victim-appeals' },
      path: 'suspend[3].clock',
      message: 'unknown clock "victim-appeals"',
    },
    {
      defect: 'overlay clock escalating to a role not on the ladder',
      overlay: 'cnsa-1997.yaml',
      edit: { replace: 'startAt: sho }', with: 'startAt: ‸dpp }' },
      path: 'clocks[0].onBreach.startAt',
      message: 'role "dpp" is not on ladder "police-investigation"',
    },
    {
      defect: 'overlay clock stopped by an event the pack does not have',
      overlay: 'cnsa-1997.yaml',
      edit: { replace: 'stop: [{ event: SAMPLE_DISPATCHED }]', with: 'stop: [{ event: ‸SAMPLE_SENT }]' },
      path: 'clocks[0].stop[0].event',
      message: 'unknown event "SAMPLE_SENT"',
    },
    {
      defect: 'overlay gate at a transition with no onGateFail branch',
      overlay: 'cnsa-1997.yaml',
      edit: { replace: 'at: { stage: scrutiny, event: SCRUTINY_COMPLETED }', with: 'at: ‸{ stage: scrutiny, event: DEFECTS_CURED }' },
      path: 'gates[0].at',
      message: 'stage "scrutiny" has no transition on DEFECTS_CURED with an onGateFail branch',
    },
    {
      defect: 'overlay gate rule requiring a document that is not in the pack’s catalogue',
      overlay: 'anti-rape-2021.yaml',
      edit: { replace: 'value: forensic_report', with: 'value: ‸dna_report' },
      path: 'gates[0].rules[1].conditions.all[0].value',
      message: '"dna_report" is not a possible value of challan.documents',
    },
    {
      defect: 'overlay version not written like 2026.1',
      overlay: 'anti-rape-2021.yaml',
      edit: { replace: 'version: "2026.1"', with: 'version: ‸"v1"' },
      path: 'version',
      message: 'must look like 2026.1',
    },
  ]);
});
