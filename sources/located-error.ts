// The one error type for input files (packs, overlays, cohorts, histories, scenarios, facts): every problem
// located as `file:line:col: field.path: message`, with long lists cut to the first few and a count of the rest.
import type { HistoryError } from '../simulator/history/history-error';

/** A problem in an input file; line, col and path are absent when they do not apply (e.g. "file not found"). */
export interface LocatedProblem {
  file: string;
  line?: number;
  col?: number;
  /** Dotted field path (`clocks[2].duration.amount`) or a CSV column name. */
  path?: string;
  message: string;
}

/** Located problems past this many are counted, not listed: the first ones are what to fix. */
export const MAX_REPORTED_PROBLEMS = 20;

export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(readonly problems: readonly LocatedProblem[]) {
    super(reportLines(problems).join('\n'));
  }

  /** The problems as printed lines, at most `limit` of them and then an "and N more" line. */
  lines(limit = MAX_REPORTED_PROBLEMS): string[] {
    return reportLines(this.problems, limit);
  }
}

export function formatProblem(p: LocatedProblem): string {
  const at = p.line === undefined ? '' : p.col === undefined ? `:${p.line}` : `:${p.line}:${p.col}`;
  return `${p.file}${at}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Printed lines, each distinct problem once, cut to `limit` with a count of the rest. */
export function reportLines(problems: readonly LocatedProblem[], limit = MAX_REPORTED_PROBLEMS): string[] {
  const lines = [...new Set(problems.map(formatProblem))];
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, limit), `… and ${lines.length - limit} more`];
}

export function fromHistoryError(e: HistoryError): LocatedProblem {
  return { file: e.file, line: e.line, ...(e.field ? { path: e.field } : {}), message: e.message };
}
