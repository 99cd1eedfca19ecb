// A located problem in an SOP file, printed as `file:line:col: path.to.field: message`.
export interface SopError {
  file: string;
  line: number;
  col: number;
  /** Dotted path to the field, e.g. `clocks[2].duration.amount`; empty for the whole file. */
  path: string;
  message: string;
}

export function formatSopError(e: SopError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

export type LoadResult<T> = { ok: true; value: T } | { ok: false; errors: SopError[] };
