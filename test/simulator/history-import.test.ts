// The historical case-event log: past cases become case scripts for a replay, and every bad row is reported
// with its line and column — never dropped.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundleFile } from '../../sources/load-sources';
import { formatHistoryError } from '../../simulator/history/history-error';
import { importHistory, type HistoryImport } from '../../simulator/history/import-history';

const root = path.resolve(import.meta.dirname, '../..');
const sample = 'sop-definitions/history/punjab-sample-events.csv';
const punjab = loadBundleFile(path.join(root, 'sop-definitions/punjab/punjab-2026.1.yaml')).pack;

const HEADER = 'case_id,province,district,police_station,fir_number,fir_year,offence_class,offence_sections,in_custody,event_type,event_at,event_id,facts_json,data_json';
const FIR = 'K1,punjab,Lahore,Model Town,101,2026,theft,PPC 379,false,FIR_REGISTERED,2026-03-02T10:00,E1,,';

function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join('\n')}\n`;
}

function errorsOf(result: HistoryImport): string[] {
  if (result.ok) throw new Error('expected the import to fail');
  return result.errors.map(formatHistoryError);
}

describe('history import: the shipped Punjab sample', () => {
  const result = importHistory(sample, fs.readFileSync(path.join(root, sample), 'utf8'), { pack: punjab });

  it('gives one script per case, ordered by FIR time, with facts from the FIR row and events in effective order', () => {
    if (!result.ok) throw new Error(result.errors.map(formatHistoryError).join('\n'));
    expect(result.rows).toBe(62);
    expect(result.scripts.map((s) => s.caseId)).toEqual([
      'SYN-RWP-0077',
      'SYN-LHR-0101',
      'SYN-FSD-0342',
      'SYN-MUL-0215',
      'SYN-GRW-0412',
      'SYN-LHR-0530',
      'SYN-FSD-0588',
      'SYN-RWP-0131',
    ]);
    const murder = result.scripts[0]!;
    expect(murder.source).toBe(`${sample}:24-36`);
    expect(murder.firAt).toBe(Date.parse('2026-02-10T22:15:00+05:00'));
    expect(murder.facts).toMatchObject({
      province: 'punjab',
      district: 'rawalpindi',
      policeStation: 'waris-khan',
      fir: { number: '77', year: 2026 },
      offence: { class: 'murder', sections: ['PPC 302', 'PPC 34'], punishableWithDeath: true },
      accused: { inCustody: false },
    });
    expect(murder.events.map((e) => e.type).slice(0, 3)).toEqual(['ACCUSED_ABSCONDED', 'ACCUSED_ARRESTED', 'PRODUCED_BEFORE_MAGISTRATE']);
    const times = murder.events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads Asia/Karachi local times as +05:00, and carries fact changes and supervisor data', () => {
    if (!result.ok) throw new Error('import failed');
    const robbery = result.scripts.find((s) => s.caseId === 'SYN-FSD-0342')!;
    expect(robbery.firAt).toBe(Date.parse('2026-03-05T18:30:00+05:00'));
    expect(robbery.events.find((e) => e.id === 'R4')).toEqual({ id: 'R4', type: 'SCRUTINY_COMPLETED', at: Date.parse('2026-04-10T16:00:00+05:00'), facts: { cureDays: 7 } });
    const extension = result.scripts.find((s) => s.caseId === 'SYN-FSD-0588')!.events.find((e) => e.type === 'CLOCK_EXTENDED');
    expect(extension?.data).toEqual({ role: 'ddpp', clockId: 'defect-cure', amount: 3 });
  });

  it('orders a case\'s events by effective time even when the export does not, file order breaking ties', () => {
    const r = importHistory(
      'x.csv',
      csv(
        'K1,,,,,,,,,FINAL_CHALLAN_SUBMITTED,2026-03-10T10:00,E3,,',
        FIR,
        'K1,,,,,,,,,ACCUSED_ARRESTED,2026-03-03T10:00:00+05:00,E2,,',
        'K1,,,,,,,,,PRODUCED_BEFORE_MAGISTRATE,2026-03-03T05:00:00Z,E4,,',
      ),
    );
    if (!r.ok) throw new Error(r.errors.map(formatHistoryError).join('\n'));
    expect(r.scripts[0]!.events.map((e) => e.id)).toEqual(['E2', 'E4', 'E3']);
    expect(r.scripts[0]!.source).toBe('x.csv:2-5');
  });
});

describe('history import: bad input is located, and gives no scripts', () => {
  it('names the line and column of each bad field, all at once', () => {
    const r = importHistory(
      'bad.csv',
      csv(
        FIR,
        'K1,,,,,,,,,ACCUSED_ARRESTED,2026-02-30T10:00,E2,,',
        'K1,,,,,,,,,arrested,2026-03-03T10:00,E3,,',
        'K1,,,,,,,,maybe,ACCUSED_RELEASED,2026-03-04T10:00,E4,,',
        'K1,,,,,,,,,ACCUSED_RELEASED,yesterday,E5,,',
        'K1,,,,,,,,,FINAL_CHALLAN_SUBMITTED,2026-03-05T10:00,E6,{challan: 1},',
      ),
    );
    expect(errorsOf(r)).toEqual([
      'bad.csv:3: event_at: "2026-02-30" is not a calendar date',
      'bad.csv:4: event_type: must be UPPER_SNAKE_CASE, e.g. FINAL_CHALLAN_SUBMITTED',
      'bad.csv:5: in_custody: must be true or false (or yes/no, 1/0), not "maybe"',
      expect.stringMatching(/^bad\.csv:6: event_at: "yesterday" is not an ISO 8601 date-time/),
      expect.stringMatching(/^bad\.csv:7: facts_json: is not valid JSON/),
    ]);
  });

  it('counts lines as a text editor does: comments, blank lines and quoted fields that span lines', () => {
    const text = `# synthetic\n${HEADER}\n\n${FIR}\n# a comment\nK1,,,,,,,,,FINAL_CHALLAN_SUBMITTED,2026-03-05T10:00,E2,"{""challan"":\n{""documents"":[""fir_copy""]}}",\r\nK1,,,,,,,,,SCRUTINY_COMPLETED,2026-03-06T25:00,E3,,\n`;
    expect(errorsOf(importHistory('lines.csv', text))).toEqual(['lines.csv:8: event_at: "2026-03-06T25:00" has no such time of day']);
  });

  it('refuses a file that is not valid CSV, with the line of the unclosed quote', () => {
    const r = importHistory('quote.csv', csv(FIR, 'K1,,,,,,,,,ACCUSED_ARRESTED,2026-03-03T10:00,E2,"{,'));
    expect(errorsOf(r)).toEqual([expect.stringMatching(/^quote\.csv:3: not valid CSV: Quote Not Closed/)]);
  });

  it('refuses unknown, doubled or missing header columns, and rows with the wrong number of fields', () => {
    expect(errorsOf(importHistory('h.csv', `${HEADER.replace('event_id', 'eventid')},victim_name\n${FIR},Ali\n`))).toEqual([
      expect.stringMatching(/^h\.csv:1: eventid: unknown column; the columns are case_id, /),
      expect.stringMatching(/^h\.csv:1: victim_name: unknown column/),
      'h.csv:1: event_id: required column is missing from the header',
    ]);
    expect(errorsOf(importHistory('n.csv', csv(FIR, 'K1,,,ACCUSED_ARRESTED')))).toEqual(['n.csv:3: has 4 fields, the header has 14']);
    expect(errorsOf(importHistory('e.csv', ''))).toEqual([expect.stringMatching(/^e\.csv:1: the file is empty/)]);
    expect(errorsOf(importHistory('o.csv', `${HEADER}\n`))).toEqual(['o.csv:1: no event rows after the header']);
  });

  it('finds case-level fields that disagree with the FIR row, and FIR rows that lack them', () => {
    const r = importHistory(
      'c.csv',
      csv(
        FIR,
        'K1,punjab,Lahore,Gulberg,101,2026,robbery,,,ACCUSED_ARRESTED,2026-03-03T10:00,E2,,',
        'K2,punjab,Multan,,7,2026,hurt,,false,FIR_REGISTERED,2026-03-03T10:00,E1,,',
        'K3,,,,,,,,,ACCUSED_ARRESTED,2026-03-03T10:00,E1,,',
      ),
    );
    expect(errorsOf(r)).toEqual([
      'c.csv:3: police_station: "gulberg" differs from the FIR_REGISTERED row (line 2): "model-town"',
      'c.csv:3: offence_class: "robbery" differs from the FIR_REGISTERED row (line 2): "theft"',
      'c.csv:4: police_station: is required on the FIR_REGISTERED row',
      'c.csv:5: event_type: case "K3" has no FIR_REGISTERED row',
    ]);
  });

  it('finds duplicate event ids, a second FIR, events before the FIR, and one FIR filed as two cases', () => {
    const r = importHistory(
      'd.csv',
      csv(
        FIR,
        'K1,,,,,,,,,ACCUSED_ARRESTED,2026-03-03T10:00,E1,,',
        'K1,,,,,,,,,FIR_REGISTERED,2026-03-03T11:00,E3,,',
        'K1,,,,,,,,,ACCUSED_RELEASED,2026-03-01T10:00,E4,,',
        'K1,,,,,,,,,ACCUSED_ABSCONDED,2026-03-05T10:00,fir,,',
        'K9,punjab,lahore,model-town,101,2026,theft,,false,FIR_REGISTERED,2026-03-02T10:00,E1,,',
      ),
    );
    expect(errorsOf(r)).toEqual([
      'd.csv:3: event_id: "E1" is already used by this case on line 2',
      'd.csv:4: event_type: a second FIR_REGISTERED row for case "K1" (the first is on line 2)',
      'd.csv:5: event_at: is before the FIR\'s registration (line 2)',
      'd.csv:6: event_id: "fir" is reserved for the case\'s FIR registration',
      'd.csv:7: fir_number: the same FIR as case "K1" (line 2): one FIR is one case',
    ]);
  });

  it('checks event types, offence classes and the province against the pack when one is given', () => {
    const text = csv(FIR.replace('theft', 'arson'), 'K1,,,,,,,,,SUMMONS_ISSUED,2026-03-03T10:00,E2,,', 'K2,sindh,Karachi South,Clifton,5,2026,theft,,false,FIR_REGISTERED,2026-03-03T10:00,E1,,');
    expect(importHistory('p.csv', text).ok).toBe(true);
    expect(errorsOf(importHistory('p.csv', text, { pack: punjab }))).toEqual([
      expect.stringMatching(/^p\.csv:2: offence_class: "arson" is not an offence class of punjab 2026\.1; expected one of theft, robbery/),
      'p.csv:3: event_type: "SUMMONS_ISSUED" is not an event of punjab 2026.1',
      'p.csv:4: province: "sindh" does not match the pack\'s province punjab',
    ]);
  });

  it('checks facts as the replay will meet them: FIR facts, event fact changes, identity facts and supervisor data', () => {
    const r = importHistory(
      'f.csv',
      csv(
        'K1,punjab,Lahore,Model Town,101,2026,theft,,false,FIR_REGISTERED,2026-03-02T10:00,E1,"{""offence"":{""class"":""murder"",""heinous"":""yes""}}",',
        'K2,punjab,Lahore,Model Town,102,2026,theft,,false,FIR_REGISTERED,2026-03-02T10:00,E1,,',
        'K2,,,,,,,,,FINAL_CHALLAN_SUBMITTED,2026-03-05T10:00,E2,"{""challan"":{""documents"":""fir_copy""}}",',
        'K2,,,,,,,,,SCRUTINY_COMPLETED,2026-03-06T10:00,E3,"{""district"":""multan""}",',
        'K2,,,,,,,,,DEFECTS_CURED,2026-03-07T10:00,E4,,"{""role"":""ddpp""}"',
        'K2,,,,,,,,,CLOCK_EXTENDED,2026-03-08T10:00,E5,,"{""clock"":""defect-cure""}"',
      ),
    );
    expect(errorsOf(r)).toEqual([
      'f.csv:2: facts_json: offence.class is given by the offence_class column',
      'f.csv:2: facts_json: offence.heinous: Invalid input: expected boolean, received string',
      'f.csv:4: facts_json: challan.documents: Invalid input: expected array, received string',
      'f.csv:5: facts_json: district identifies the case and cannot be changed by an event',
      'f.csv:6: data_json: only supervisor events (ESCALATION_ACKNOWLEDGED, ESCALATION_RESOLVED, ESCALATION_REASSIGNED, CLOCK_EXTENDED) carry data',
      'f.csv:7: data_json: Unrecognized key: "clock"',
    ]);
  });
});
