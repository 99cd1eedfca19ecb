// A located problem in a history CSV, printed as `file:line: column: message` like the SOP loader's errors.
export interface HistoryError {
  file: string;
  /** 1-based line of the row (its first line when a quoted field spans several). */
  line: number;
  /** The column at fault; absent for problems with the file or a whole row. */
  field?: string;
  message: string;
}

export function formatHistoryError(e: HistoryError): string {
  return `${e.file}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}
