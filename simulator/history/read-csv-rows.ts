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

function checkHeader(file: string, line: number, fields: string[]): HistoryError[] {
  const errors: HistoryError[] = [];
  const known = new Set<string>(HISTORY_COLUMNS);
  const seen = new Set<string>();
  for (const name of fields) {
    if (!known.has(name)) errors.push({ file, line, field: name || '(empty)', message: `unknown column; the columns are ${HISTORY_COLUMNS.join(', ')}` });
    else if (seen.has(name)) errors.push({ file, line, field: name, message: 'column appears twice in the header' });
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) {
    if (!seen.has(name)) errors.push({ file, line, field: name, message: 'required column is missing from the header' });
  }
  return errors;
}

export interface CsvReadResult {
  /** Problems with the file itself: CSV syntax, the header, rows with the wrong number of fields. */
  errors: HistoryError[];
  /** False when the file is not CSV, is empty or has a bad header: then no row was read at all. */
  rowsRead: boolean;
}

/** Hands each row to `onRow` as it is parsed, so a large log is never held twice. */
export function readCsvRows(file: string, text: string, onRow: (row: CsvRow) => void): CsvReadResult {
  // Line endings are normalised first: csv-parse miscounts lines around CRLF blank lines.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const errors: HistoryError[] = [];
  let header: { fields: string[]; line: number } | undefined;
  let badHeader = false;
  let bodyRows = 0;
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
        const line = previous.end + 1 + skipped;
        previous = { end: context.lines, comments: context.comment_lines, blanks: context.empty_lines };
        if (!header) {
          header = { fields, line };
          const problems = checkHeader(file, line, fields);
          errors.push(...problems);
          badHeader = problems.length > 0;
          return null;
        }
        if (badHeader) return null;
        bodyRows++;
        if (fields.length !== header.fields.length) {
          errors.push({ file, line, message: `has ${fields.length} fields, the header has ${header.fields.length}` });
          return null;
        }
        const values = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, ''])) as Record<HistoryColumn, string>;
        header.fields.forEach((name, i) => {
          values[name as HistoryColumn] = fields[i]!;
        });
        onRow({ line, values });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err['lines'] === 'number' ? err['lines'] : 1;
      return { errors: [{ file, line, message: `not valid CSV: ${err.message.replace(/\s*at line \d+\s*$/, '')}` }], rowsRead: false };
    }
    throw err;
  }
  if (!header) return { errors: [{ file, line: 1, message: `the file is empty; expected a header row: ${REQUIRED_COLUMNS.join(',')}` }], rowsRead: false };
  if (!badHeader && bodyRows === 0) errors.push({ file, line: header.line, message: 'no event rows after the header' });
  return { errors, rowsRead: !badHeader };
}
