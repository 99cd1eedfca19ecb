// One defect at a time in the valid Punjab pack: each must be reported with the file, the exact line and
// column, the field path and a readable message. A caret `‸` in an edit marks where the error must point;
// `at` (a fragment of the broken text, with its caret) is used when the loader rightly points elsewhere,
// e.g. a missing field is reported at the mapping that should hold it.
import { describe, it } from 'vitest';
import { breakPack, assertLocatedError, type Edit } from './helpers';

interface PackDefect {
  defect: string;
  edit: Edit | Edit[];
  path: string;
  message: string | RegExp;
  at?: string;
}

function checkAll(defects: readonly PackDefect[]): void {
  for (const d of defects) {
    it(`${d.defect} → ${d.path}: ${String(d.message)}`, () => {
      assertLocatedError(breakPack(d.edit), { path: d.path, message: d.message, at: d.at });
    });
  }
}

describe('broken packs: shape of the file (schema)', () => {
  checkAll([
    {
      defect: 'unknown top-level field',
      edit: { after: 'supersedes: null', insert: '‸colour: green' },
      path: 'colour',
      message: 'unknown field',
    },
    {
      defect: 'unknown field in a clock (typo)',
      edit: { replace: '    rollForward: false', below: 'id: production-before-magistrate', with: '    ‸rollforward: false' },
      path: 'clocks[2].rollforward',
      message: 'unknown field',
    },
    {
      defect: 'required title removed',
      edit: { remove: 'title: Punjab police–prosecution coordination SOP' },
      path: 'title',
      message: 'expected string, received undefined',
      at: '‸$schema: ../schema/sop-pack.schema.json',
    },
    {
      defect: 'stage without its required label',
      edit: { remove: '    label: Fit for trial' },
      path: 'stages[5].label',
      message: 'expected string, received undefined',
      at: '  - ‸id: fit_for_trial',
    },
    {
      defect: 'clock duration amount written as a string',
      edit: { replace: 'amount: 14,', with: 'amount: ‸"14",' },
      path: 'clocks[0].duration.amount',
      message: 'expected number, received string',
    },
    {
      defect: 'version written as a number',
      edit: { replace: 'version: "2026.1"', with: 'version: ‸2026.1' },
      path: 'version',
      message: 'expected string, received number',
    },
    {
      defect: 'clock with a zero duration',
      edit: { replace: 'amount: 14,', with: 'amount: ‸0,' },
      path: 'clocks[0].duration.amount',
      message: 'must be greater than 0',
    },
    {
      defect: 'clock with a negative duration',
      edit: { replace: 'amount: 24, unit: hours', with: 'amount: ‸-24, unit: hours' },
      path: 'clocks[2].duration.amount',
      message: 'must be greater than 0',
    },
    {
      defect: 'ladder level with a zero SLA',
      edit: { replace: '{ role: sdpo, sla: { amount: 72', with: '{ role: sdpo, sla: { amount: ‸0' },
      path: 'ladders[0].levels[2].sla.amount',
      message: 'must be greater than 0',
    },
    {
      defect: 'stage id in capitals',
      edit: { replace: '- id: fit_for_trial', with: '- id: ‸Fit-for-trial' },
      path: 'stages[5].id',
      message: 'must be lowercase letters, digits, "-" or "_", starting with a letter',
    },
    {
      defect: 'event type in kebab-case',
      edit: { replace: 'type: WITNESS_ABSENT', with: 'type: ‸witness-absent' },
      path: 'events[13].type',
      message: 'must be UPPER_SNAKE_CASE',
    },
    {
      defect: 'province that does not exist',
      edit: { replace: 'province: punjab', with: 'province: ‸lahore' },
      path: 'province',
      message: 'expected one of "punjab"|"sindh"|"khyber-pakhtunkhwa"|"balochistan"',
    },
    {
      defect: 'stage kind that does not exist',
      edit: { replace: '{ id: untraced, label: Untraced, kind: final }', with: '{ id: untraced, label: Untraced, kind: ‸terminal }' },
      path: 'stages[12].kind',
      message: 'expected one of "initial"|"normal"|"final"',
    },
    {
      defect: 'effectiveFrom not written YYYY-MM-DD',
      edit: { replace: 'effectiveFrom: "2026-01-01"', with: 'effectiveFrom: ‸"01/01/2026"' },
      path: 'effectiveFrom',
      message: 'must be a date YYYY-MM-DD',
    },
    {
      defect: 'holiday date not written YYYY-MM-DD',
      edit: { replace: '{ date: "2026-02-05"', below: '  - id: office', with: '{ date: ‸"5 Feb 2026"' },
      path: 'calendars[0].holidays.2026[0].date',
      message: 'must be a date YYYY-MM-DD',
    },
    {
      defect: 'clock trigger that is neither an event nor a stage',
      edit: { replace: 'start: [{ enterStage: scrutiny }]', with: 'start: [‸{ stage: scrutiny }]' },
      path: 'clocks[9].start[0]',
      message: 'must be {event: EVENT_TYPE}, {enterStage: stage-id} or {leaveStage: stage-id}',
    },
    {
      defect: 'gate rule with an operator json-rules-engine does not have',
      edit: { replace: 'operator: doesNotContain, value: fir_copy', with: 'operator: ‸notContains, value: fir_copy' },
      path: 'gates[0].rules[1].conditions.all[0].operator',
      message: 'expected one of "equal"|"notEqual"',
    },
    {
      defect: 'unknown operator inside a nested any',
      edit: {
        replace: '        - { fact: accused.juvenile, operator: equal, value: false }',
        below: 'id: statutory-bail-1y',
        with: [
          '        - any:',
          '            - { fact: accused.juvenile, operator: ‸equals, value: false }',
          '            - { fact: accused.inCustody, operator: equal, value: false }',
        ].join('\n'),
      },
      path: 'clocks[5].appliesWhen.all[3].any[0].operator',
      message: 'Invalid option',
    },
    {
      defect: 'conditions without all/any/not at the top',
      edit: { replace: '      all:', below: 'id: statutory-bail-woman-6m', with: '      ‸every:' },
      path: 'clocks[7].appliesWhen',
      message: 'must be {all: […]}, {any: […]} or {not: …}',
    },
  ]);
});

describe('broken packs: ids that must be unique', () => {
  checkAll([
    {
      defect: 'duplicate clock id',
      edit: { replace: '- id: interim-report', with: '- id: ‸investigation' },
      path: 'clocks[1].id',
      message: 'duplicate id "investigation" (first defined at clocks[0])',
    },
    {
      defect: 'duplicate stage id',
      edit: { replace: '- id: appeal_pending', with: '- id: ‸appeal_window' },
      path: 'stages[9].id',
      message: 'duplicate id "appeal_window" (first defined at stages[8])',
    },
    {
      defect: 'duplicate event type',
      edit: { replace: 'type: CASE_CLOSED', with: 'type: ‸APPEAL_DECIDED' },
      path: 'events[18].type',
      message: 'duplicate type "APPEAL_DECIDED" (first defined at events[17])',
    },
    {
      defect: 'duplicate offence class',
      edit: { after: '{ id: other, label: Other offences }', insert: '  - { id: ‸theft, label: Theft again }' },
      path: 'offenceClasses[8].id',
      message: 'duplicate id "theft" (first defined at offenceClasses[0])',
    },
  ]);
});

describe('broken packs: the lifecycle (stages and transitions)', () => {
  checkAll([
    {
      defect: 'transition to a stage that does not exist',
      edit: { replace: 'to: in_court', with: 'to: ‸in-court' },
      path: 'stages[5].on[0].to',
      message: 'unknown stage "in-court"',
    },
    {
      defect: 'onGateFail to a stage that does not exist',
      edit: { replace: 'onGateFail: returned_for_defects', with: 'onGateFail: ‸returned' },
      path: 'stages[3].on[0].onGateFail',
      message: 'unknown stage "returned"',
    },
    {
      defect: 'transition on an event that does not exist',
      edit: { replace: 'event: CHARGE_FRAMED', with: 'event: ‸CHARGES_FRAMED' },
      path: 'stages[6].on[0].event',
      message: 'unknown event "CHARGES_FRAMED"',
    },
    {
      defect: 'stage no transition leads to',
      edit: { after: '{ id: untraced, label: Untraced, kind: final }', insert: '  - { id: ‸orphan, label: Never entered }' },
      path: 'stages[13].id',
      message: 'stage "orphan" is unreachable from the initial stage',
    },
    {
      defect: 'no initial stage',
      edit: { remove: '    kind: initial' },
      path: 'stages',
      message: 'exactly one stage must have kind: initial (found 0)',
      at: 'stages:\n  ‸- id: investigation',
    },
    {
      defect: 'two initial stages',
      edit: { after: '    label: Interim report filed; investigation continues', insert: '    kind: ‸initial' },
      path: 'stages[1].kind',
      message: 'exactly one stage must have kind: initial (found 2)',
    },
    {
      defect: 'no final stage',
      edit: [
        { replace: '{ id: closed, label: Closed, kind: final }', with: '{ id: closed, label: Closed }' },
        { replace: '(s.173 cancellation), kind: final }', with: '(s.173 cancellation) }' },
        { replace: '{ id: untraced, label: Untraced, kind: final }', with: '{ id: untraced, label: Untraced }' },
      ],
      path: 'stages',
      message: 'at least one stage must have kind: final',
      at: 'stages:\n  ‸- id: investigation',
    },
    {
      defect: 'final stage with transitions',
      edit: { replace: '{ id: closed, label: Closed, kind: final }', with: '{ id: closed, label: Closed, kind: final, on: ‸[{ event: CASE_CLOSED }] }' },
      path: 'stages[10].on',
      message: 'a final stage has no transitions',
    },
  ]);
});

describe('broken packs: clocks', () => {
  checkAll([
    {
      defect: 'clock started by an event that does not exist',
      edit: { replace: 'start: [{ event: PHYSICAL_REMAND_ORDERED }]', with: 'start: [{ event: ‸PHYSICAL_REMAND }]' },
      path: 'clocks[3].start[0].event',
      message: 'unknown event "PHYSICAL_REMAND"',
    },
    {
      defect: 'clock started on entering a stage that does not exist',
      edit: { replace: 'enterStage: returned_for_defects', with: 'enterStage: ‸returned_for_defect' },
      path: 'clocks[10].start[0].enterStage',
      message: 'unknown stage "returned_for_defect"',
    },
    {
      defect: 'clock stopped on leaving a stage that does not exist',
      edit: { replace: 'leaveStage: scrutiny', with: 'leaveStage: ‸scrutinty' },
      path: 'clocks[9].stop[0].leaveStage',
      message: 'unknown stage "scrutinty"',
    },
    {
      defect: 'clock on a calendar that does not exist',
      edit: { replace: 'calendar: office', below: '- id: scrutiny-return', with: 'calendar: ‸courts' },
      path: 'clocks[9].calendar',
      message: 'unknown calendar "courts" (known: office, court)',
    },
    {
      defect: 'working-day clock without a calendar',
      edit: { replace: 'amount: 24, unit: hours', with: 'amount: 1, unit: workingDays' },
      path: 'clocks[2].calendar',
      message: 'a working-day clock must name a calendar',
      at: '  - ‸id: production-before-magistrate',
    },
    {
      defect: 'breach escalated to a ladder that does not exist',
      edit: { replace: 'onBreach: { ladder: prosecution, startAt: ddpp }', with: 'onBreach: { ladder: ‸prosecutors, startAt: ddpp }' },
      path: 'clocks[9].onBreach.ladder',
      message: 'unknown ladder "prosecutors"',
    },
    {
      defect: 'breach escalation starting at a role that is not on the ladder',
      edit: { replace: 'onBreach: { ladder: police-investigation, startAt: sdpo }', with: 'onBreach: { ladder: police-investigation, startAt: ‸ddpp }' },
      path: 'clocks[3].onBreach.startAt',
      message: 'role "ddpp" is not on ladder "police-investigation" (io → sho → sdpo → sp_investigation → dpo)',
    },
    {
      defect: 'extension granted by a role that does not exist',
      edit: { replace: 'grantedBy: [ddpp, dpp]', with: 'grantedBy: [ddpp, ‸dsp]' },
      path: 'clocks[10].extension.grantedBy[1]',
      message: 'unknown role "dsp"',
    },
    {
      defect: 'warning as long as the duration',
      edit: { replace: 'warnBefore: { amount: 3, unit: calendarDays }', with: 'warnBefore: { amount: ‸14, unit: calendarDays }' },
      path: 'clocks[0].warnBefore.amount',
      message: 'warnBefore must be shorter than the duration',
    },
    {
      defect: 'warning in hours longer than a duration in days',
      edit: { replace: 'warnBefore: { amount: 3, unit: calendarDays }', with: 'warnBefore: { amount: ‸400, unit: hours }' },
      path: 'clocks[0].warnBefore.amount',
      message: 'warnBefore must be shorter than the duration',
    },
    {
      defect: 'clock that pauses but never resumes',
      edit: { replace: 'resume: [{ event: ACCUSED_ARRESTED, ground: absconding }, { event: STAY_VACATED, ground: stay }]', below: 'Investigation to be completed within 14 days', with: 'resume: ‸[]' },
      path: 'clocks[0].resume',
      message: 'a clock that can pause needs resume triggers',
    },
    {
      defect: 'clock that pauses, with no resume field at all',
      edit: { remove: 'resume: [{ event: PHYSICAL_REMAND_ORDERED, ground: judicial-custody }]' },
      path: 'clocks[3].resume',
      message: 'a clock that can pause needs resume triggers',
      at: '  - ‸id: physical-remand-cap',
    },
    {
      defect: 'resume trigger naming no ground on a clock with several',
      edit: {
        replace: 'resume: [{ event: ACCUSED_ARRESTED, ground: absconding }, { event: STAY_VACATED, ground: stay }]',
        below: 'Investigation to be completed within 14 days',
        with: 'resume: [‸{ event: ACCUSED_ARRESTED }, { event: STAY_VACATED, ground: stay }]',
      },
      path: 'clocks[0].resume[0]',
      message: 'the clock pauses on several grounds (absconding, stay): name the ground this trigger ends',
    },
    {
      defect: 'resume trigger ending a ground no pause begins',
      edit: {
        replace: 'resume: [{ event: ACCUSED_ARRESTED, ground: absconding }, { event: STAY_VACATED, ground: stay }]',
        below: 'Investigation to be completed within 14 days',
        with: 'resume: [{ event: ACCUSED_ARRESTED, ground: absconding }, { event: STAY_VACATED, ground: ‸stayed }]',
      },
      path: 'clocks[0].resume[1].ground',
      message: 'no pause trigger begins ground "stayed" (grounds: absconding, stay)',
    },
    {
      defect: 'trigger condition comparing judgment.outcome with a value it cannot take',
      edit: { replace: 'value: acquittal', below: '- id: state-appeal-acquittal', with: 'value: ‸acquitted' },
      path: 'clocks[11].start[0].when.all[0].value',
      message: '"acquitted" is not a possible value of judgment.outcome (possible: pending, conviction, acquittal)',
    },
  ]);
});

describe('broken packs: roles and ladders', () => {
  checkAll([
    {
      defect: 'ladder level for a role that does not exist',
      edit: { replace: '{ role: sdpo,', with: '{ role: ‸dsp,' },
      path: 'ladders[0].levels[2].role',
      message: 'unknown role "dsp"',
    },
    {
      defect: 'ladder with a cycle (the same role twice)',
      edit: { replace: '{ role: sdpo,', with: '{ role: ‸io,' },
      path: 'ladders[0].levels[2].role',
      message: 'ladder has a cycle: role "io" already appears at level 1',
    },
    {
      defect: 'ladder on a calendar that does not exist',
      edit: { replace: 'calendar: office', below: '- id: prosecution', with: 'calendar: ‸offices' },
      path: 'ladders[1].calendar',
      message: 'unknown calendar "offices"',
    },
    {
      defect: 'working-day SLA on a ladder without a calendar',
      edit: { remove: 'calendar: office', below: '- id: prosecution' },
      path: 'ladders[1].levels[2].sla.unit',
      message: 'a working-day SLA needs the ladder to name a calendar',
      at: '{ role: dpp, sla: { amount: 3, unit: ‸workingDays } }',
    },
  ]);
});

describe('broken packs: gates and their rules', () => {
  checkAll([
    {
      defect: 'gate at a transition with no onGateFail branch',
      edit: { replace: 'at: { stage: scrutiny, event: SCRUTINY_COMPLETED }', with: 'at: ‸{ stage: trial, event: HEARING_HELD }' },
      path: 'gates[0].at',
      message: 'stage "trial" has no transition on HEARING_HELD with an onGateFail branch',
    },
    {
      defect: 'gate at a stage that does not exist',
      edit: { replace: 'at: { stage: scrutiny,', with: 'at: { stage: ‸scrutinyy,' },
      path: 'gates[0].at.stage',
      message: 'unknown stage "scrutinyy"',
    },
    {
      defect: 'gate escalation starting at a role that is not on the ladder',
      edit: { replace: 'ladder: police-investigation, startAt: sdpo }', below: 'escalateAfter: { failures: 2', with: 'ladder: police-investigation, startAt: ‸adpp }' },
      path: 'gates[0].escalateAfter.startAt',
      message: 'role "adpp" is not on ladder "police-investigation"',
    },
    {
      defect: 'gate rule reading a fact that does not exist',
      edit: { replace: 'fact: scrutiny.objections', with: 'fact: ‸scrutiny.objection' },
      path: 'gates[0].rules[0].conditions.all[0].fact',
      message: 'unknown fact "scrutiny.objection"',
    },
    {
      defect: 'gate rule comparing offence.class with a value that is not an offence class',
      edit: { replace: 'value: [murder, robbery, theft]', with: 'value: ‸[murder, robbery, dacoity]' },
      path: 'gates[0].rules[5].conditions.all[0].value',
      message: '"dacoity" is not a possible value of offence.class',
    },
    {
      defect: 'gate rule requiring a document that is not in the catalogue',
      edit: { replace: 'doesNotContain, value: list_of_witnesses', with: 'doesNotContain, value: ‸witness_list' },
      path: 'gates[0].rules[3].conditions.all[0].value',
      message: '"witness_list" is not a possible value of challan.documents',
    },
  ]);
});

describe('broken packs: calendars and overlays named by the pack', () => {
  checkAll([
    {
      defect: 'holiday listed under the wrong year',
      edit: { replace: '{ date: "2027-02-05"', with: '{ date: ‸"2026-02-06"', below: '  - id: office' },
      path: 'calendars[0].holidays.2027[0].date',
      message: 'holiday 2026-02-06 is listed under year 2027',
    },
    {
      defect: 'overlay enabled by the pack but missing',
      edit: { replace: 'cnsa-1997]', with: 'cnsa-1997, ‸peca-2016]' },
      path: 'overlays[4]',
      message: 'overlay "peca-2016" was not found among the overlay files',
    },
  ]);
});
