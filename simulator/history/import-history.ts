// Imports a historical case-event log (CSV, one row per event; columns in ./history-columns.ts) as the case
// scripts a simulation replays. All or nothing: every bad row is reported with its line and column, and any
// error means no scripts, so a replay never rests on silently dropped rows.
import { SUPERVISOR_EVENT_TYPES, type CaseEventInput } from '../../rules/case-engine/index';
import { FIR_EVENT_TYPE } from '../../rules/case-engine/index';
import { formatPath } from '../../rules/loader/sop-error';
import { caseFacts, type CaseFacts } from '../../rules/schema/case-facts';
import { mergeFacts } from '../../rules/schema/merge-facts';
import type { SopPack } from '../../rules/schema/sop-pack';
import type { CaseScript } from '../simulation-types';
import { CASE_COLUMNS, FIR_ROW_REQUIRED, type CaseColumn } from './history-columns';
import type { HistoryError } from './history-error';
import { historyRow, type HistoryRow } from './history-row';
import { readCsvRows } from './read-csv-rows';

export interface HistoryImportOptions {
  /** The pack the history was recorded under: event types, offence classes and province are checked against it. */
  pack?: SopPack;
}

export type HistoryImport =
  | { ok: true; scripts: CaseScript[]; rows: number }
  | { ok: false; errors: HistoryError[] };

interface Row extends HistoryRow {
  line: number;
}

/** The id the case engine gives the FIR event when it opens a case (rules/case-engine openCase). */
const ENGINE_FIR_EVENT_ID = 'fir';
const SUPERVISOR_TYPES: ReadonlySet<string> = new Set(SUPERVISOR_EVENT_TYPES);
/** Facts an event may not change (the case engine refuses them), and facts the FIR row's columns already give. */
const IDENTITY_FACTS = ['province', 'district', 'policeStation', 'fir'];
const COLUMN_FACTS: Record<string, CaseColumn> = {
  province: 'province',
  district: 'district',
  policeStation: 'police_station',
  fir: 'fir_number',
  'offence.class': 'offence_class',
  'offence.sections': 'offence_sections',
  'accused.inCustody': 'in_custody',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function columnText(row: Row, column: CaseColumn): string | undefined {
  const v = row[column];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(';') : String(v);
}

export function importHistory(file: string, text: string, options: HistoryImportOptions = {}): HistoryImport {
  const rowErrors: HistoryError[] = [];

  const rows: Row[] = [];
  const read = readCsvRows(file, text, ({ line, values }) => {
    const parsed = historyRow.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) rowErrors.push({ file, line, field: String(issue.path[0] ?? ''), message: issue.message });
      return;
    }
    rows.push({ ...parsed.data, line });
  });
  if (!read.rowsRead) return { ok: false, errors: read.errors };
  const errors = [...read.errors, ...rowErrors];
  const fail = (line: number, message: string, field?: string): void => {
    errors.push(field ? { file, line, field, message } : { file, line, message });
  };
  if (options.pack) checkAgainstPack(options.pack, rows, fail);

  const byCase = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byCase.get(row.case_id);
    if (list) list.push(row);
    else byCase.set(row.case_id, [row]);
  }

  const scripts: CaseScript[] = [];
  const firIdentities = new Map<string, Row>();
  for (const [caseId, caseRows] of byCase) {
    const fir = caseRows.find((r) => r.event_type === FIR_EVENT_TYPE);
    if (fir && fir.fir_number !== undefined) {
      const identity = `${fir.province}/${fir.district}/${fir.police_station}/${fir.fir_number.toLowerCase()}/${fir.fir_year}`;
      const earlier = firIdentities.get(identity);
      if (earlier) fail(fir.line, `the same FIR as case "${earlier.case_id}" (line ${earlier.line}): one FIR is one case`, 'fir_number');
      else firIdentities.set(identity, fir);
    }
    const script = buildScript(file, caseId, caseRows, fail);
    if (script) scripts.push(script);
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  scripts.sort((a, b) => a.firAt - b.firAt || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return { ok: true, scripts, rows: rows.length };
}

function checkAgainstPack(pack: SopPack, rows: Row[], fail: (line: number, message: string, field?: string) => void): void {
  const eventTypes = new Set<string>([...pack.events.map((e) => e.type), ...SUPERVISOR_EVENT_TYPES]);
  const offenceClasses = new Set(pack.offenceClasses.map((o) => o.id));
  for (const row of rows) {
    if (!eventTypes.has(row.event_type)) fail(row.line, `"${row.event_type}" is not an event of ${pack.province} ${pack.version}`, 'event_type');
    if (row.offence_class !== undefined && !offenceClasses.has(row.offence_class)) {
      fail(row.line, `"${row.offence_class}" is not an offence class of ${pack.province} ${pack.version}; expected one of ${[...offenceClasses].join(', ')}`, 'offence_class');
    }
    if (row.province !== undefined && row.province !== pack.province) fail(row.line, `"${row.province}" does not match the pack's province ${pack.province}`, 'province');
  }
}

function buildScript(file: string, caseId: string, rows: Row[], fail: (line: number, message: string, field?: string) => void): CaseScript | undefined {
  let ok = true;
  const problem = (line: number, message: string, field?: string): void => {
    ok = false;
    fail(line, message, field);
  };

  const firs = rows.filter((r) => r.event_type === FIR_EVENT_TYPE);
  if (firs.length === 0) {
    problem(rows[0]!.line, `case "${caseId}" has no ${FIR_EVENT_TYPE} row`, 'event_type');
    return undefined;
  }
  const fir = firs[0]!;
  for (const extra of firs.slice(1)) problem(extra.line, `a second ${FIR_EVENT_TYPE} row for case "${caseId}" (the first is on line ${fir.line})`, 'event_type');
  const missing = FIR_ROW_REQUIRED.filter((column) => fir[column] === undefined);
  for (const column of missing) problem(fir.line, `is required on the ${FIR_EVENT_TYPE} row`, column);
  if (fir.data_json) problem(fir.line, 'only supervisor events carry data', 'data_json');

  const ids = new Map<string, number>();
  for (const row of rows) {
    const earlier = ids.get(row.event_id);
    if (earlier !== undefined) problem(row.line, `"${row.event_id}" is already used by this case on line ${earlier}`, 'event_id');
    else ids.set(row.event_id, row.line);
    if (row === fir) continue;
    if (row.event_id === ENGINE_FIR_EVENT_ID) problem(row.line, `"${ENGINE_FIR_EVENT_ID}" is reserved for the case's FIR registration`, 'event_id');
    for (const column of CASE_COLUMNS) {
      const mine = columnText(row, column);
      const firs = columnText(fir, column);
      if (mine !== undefined && mine !== firs) problem(row.line, `"${mine}" differs from the ${FIR_EVENT_TYPE} row (line ${fir.line}): "${firs ?? ''}"`, column);
    }
    if (row.event_at < fir.event_at) problem(row.line, `is before the FIR's registration (line ${fir.line})`, 'event_at');
    if (row.data_json && !SUPERVISOR_TYPES.has(row.event_type)) problem(row.line, `only supervisor events (${SUPERVISOR_EVENT_TYPES.join(', ')}) carry data`, 'data_json');
  }
  // Facts are checked even when other rows are bad, so one run reports every problem of the case.
  if (missing.length > 0) return undefined;
  const facts = initialFacts(fir, problem);
  if (!facts) return undefined;
  const events = eventsInEffectiveOrder(rows.filter((r) => r !== fir), facts, problem);
  if (!events || !ok) return undefined;
  const lines = rows.map((r) => r.line);
  return { caseId, facts, firAt: fir.event_at, events, source: `${file}:${Math.min(...lines)}-${Math.max(...lines)}` };
}

function initialFacts(fir: Row, problem: (line: number, message: string, field?: string) => void): CaseFacts | undefined {
  const extra = fir.facts_json ?? {};
  for (const [path, column] of Object.entries(COLUMN_FACTS)) {
    const [head, tail] = path.split('.') as [string, string?];
    const given = tail === undefined ? head in extra : isObject(extra[head]) && tail in extra[head];
    if (given) problem(fir.line, `${path} is given by the ${column} column`, 'facts_json');
  }
  const base = {
    province: fir.province,
    district: fir.district,
    policeStation: fir.police_station,
    fir: { number: fir.fir_number, year: fir.fir_year },
    offence: { class: fir.offence_class, sections: fir.offence_sections ?? [] },
    accused: { inCustody: fir.in_custody },
  };
  const parsed = caseFacts.safeParse(mergeFacts(base, extra));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(fir.line, `${formatPath(issue.path as (string | number)[])}: ${issue.message}`, 'facts_json');
    return undefined;
  }
  return parsed.data;
}

/** Events sorted by effective time (file order breaks ties), with each fact change checked on the facts it meets. */
function eventsInEffectiveOrder(rows: Row[], facts: CaseFacts, problem: (line: number, message: string, field?: string) => void): CaseEventInput[] | undefined {
  const ordered = [...rows].sort((a, b) => a.event_at - b.event_at || a.line - b.line);
  let current: Record<string, unknown> = facts;
  let ok = true;
  const events: CaseEventInput[] = [];
  for (const row of ordered) {
    if (row.facts_json) {
      const identity = IDENTITY_FACTS.filter((k) => k in row.facts_json!);
      for (const key of identity) problem(row.line, `${key} identifies the case and cannot be changed by an event`, 'facts_json');
      if (identity.length > 0) ok = false;
      else {
        const parsed = caseFacts.safeParse(mergeFacts(current, row.facts_json));
        if (parsed.success) current = parsed.data;
        else {
          ok = false;
          for (const issue of parsed.error.issues) problem(row.line, `${formatPath(issue.path as (string | number)[])}: ${issue.message}`, 'facts_json');
        }
      }
    }
    events.push({
      id: row.event_id,
      type: row.event_type,
      at: row.event_at,
      ...(row.facts_json ? { facts: row.facts_json } : {}),
      ...(row.data_json ? { data: row.data_json } : {}),
    });
  }
  return ok ? events : undefined;
}
