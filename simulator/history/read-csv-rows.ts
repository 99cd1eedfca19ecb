// CSV syntax for the history log (csv-parse): header checks and one record per row with its line number, so
// every later message can say where. Field values are not interpreted here.
import { CsvError, parse } from 'csv-parse/sync';
import { HISTORY_COLUMNS, REQUIRED_COLUMNS, type HistoryColumn } from './history-columns';
import type { HistoryError } from './history-error';

export interface CsvRow {
  line: number;
  /** Trimmed values by column; a column absent from the header reads as "". */
  values: Record<HistoryColumn, string>;
}

interface RawRecord {
  fields: string[];
  line: number;
}

function parseRecords(file: string, text: string): { records: RawRecord[]; errors: HistoryError[] } {
  // Line endings are normalised first: csv-parse miscounts lines around CRLF blank lines.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: RawRecord[] = [];
  // csv-parse tells the line where a record ends; it starts after the previous record and the comment and
  // blank lines skipped since (a quoted field may span lines).
  let previous = { end: 0, comments: 0, blanks: 0 };
  try {
    parse(normalised, {
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
      comment_no_infix: true,
      on_record: (fields: string[], context) => {
        const skipped = context.comment_lines - previous.comments + (context.empty_lines - previous.blanks);
        records.push({ fields, line: previous.end + 1 + skipped });
        previous = { end: context.lines, comments: context.comment_lines, blanks: context.empty_lines };
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err['lines'] === 'number' ? err['lines'] : 1;
      return { records: [], errors: [{ file, line, message: `not valid CSV: ${err.message.replace(/\s*at line \d+\s*$/, '')}` }] };
    }
    throw err;
  }
  return { records, errors: [] };
}

export function readCsvRows(file: string, text: string): { rows: CsvRow[]; errors: HistoryError[] } {
  const { records, errors } = parseRecords(file, text);
  if (errors.length > 0) return { rows: [], errors };
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ file, line: 1, message: `the file is empty; expected a header row: ${REQUIRED_COLUMNS.join(',')}` }] };

  const known = new Set<string>(HISTORY_COLUMNS);
  const seen = new Set<string>();
  for (const name of header.fields) {
    if (!known.has(name)) errors.push({ file, line: header.line, field: name || '(empty)', message: `unknown column; the columns are ${HISTORY_COLUMNS.join(', ')}` });
    else if (seen.has(name)) errors.push({ file, line: header.line, field: name, message: 'column appears twice in the header' });
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) {
    if (!seen.has(name)) errors.push({ file, line: header.line, field: name, message: 'required column is missing from the header' });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) return { rows: [], errors: [{ file, line: header.line, message: 'no event rows after the header' }] };

  const rows: CsvRow[] = [];
  for (const record of body) {
    if (record.fields.length !== header.fields.length) {
      errors.push({ file, line: record.line, message: `has ${record.fields.length} fields, the header has ${header.fields.length}` });
      continue;
    }
    const values = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, ''])) as Record<HistoryColumn, string>;
    header.fields.forEach((name, i) => {
      values[name as HistoryColumn] = record.fields[i]!;
    });
    rows.push({ line: record.line, values });
  }
  return { rows, errors };
}
